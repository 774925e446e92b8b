using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>One streamGenerateContent call: StreamChunkCount elements, honouring StreamGate and DiesMidStream.</summary>
internal sealed class EmulatedGeminiStream(EmulatedGeminiState state, HttpContext context, bool sse)
{
    public async Task RunAsync(KeyBehavior behavior, EmulatedModel model, JsonObject body, CancellationToken clientGone)
    {
        // Registered before any waiting (Slow, StreamGate), so tests can observe a client giving up at any point.
        var watch = clientGone.Register(state.NotifyStreamAborted);
        var diedOnPurpose = false;
        try
        {
            await EmulatedGeminiHandler.ApplyBehaviorAsync(behavior, model, clientGone);
            var prompt = ModelActionReplies.ReadGenerateContent(body);
            var responseId = state.NextResponseId();
            var script = state.TakeScript() ?? FunctionCallReplies.For(body, state.FunctionCall, model.Id, responseId);
            var count = script?.Elements.Count ?? state.StreamChunkCount;
            int? dieAfter = behavior is KeyBehavior.DiesMidStream dies ? dies.AfterElements : null;
            var writer = new EmulatedStreamWriter(context.Response, sse, clientGone);
            await writer.StartAsync();
            if (state.FirstTokenDelay is { Ticks: > 0 } thinking)
            {
                await Task.Delay(thinking, clientGone);
            }

            for (var i = 0; i < count; i++)
            {
                if (i == dieAfter)
                {
                    break;
                }

                if (i > 0 && state.StreamChunkInterval is { Ticks: > 0 } pause)
                {
                    await Task.Delay(pause, clientGone);
                }

                await writer.WriteAsync(script?.Elements[i] ?? GenerateContentReplies.StreamElement(i, count, prompt, model.Id, responseId));
                if (i == 0 && state.StreamGate is { } gate)
                {
                    await gate.Task.WaitAsync(clientGone);
                }
            }

            if (dieAfter is not null)
            {
                // Our own abort is not a client disconnect, so stop watching before pulling the plug.
                await watch.DisposeAsync();
                diedOnPurpose = true;
                context.Abort();
                return;
            }

            await writer.CompleteAsync();
        }
        finally
        {
            // An await continuation running inline inside Cancel() can unregister the callback before its turn, so check again.
            if (clientGone.IsCancellationRequested && !diedOnPurpose)
            {
                state.NotifyStreamAborted();
            }

            await watch.DisposeAsync();
        }
    }
}
