using System.Text.Json;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary>
/// Keeps a successful upstream document instead of writing it, for OpenAI answers that gather several upstream
/// calls (every page of the model list, every batch of embeddings). Each call still goes through the forwarder,
/// so it gets key rotation, retries and timeouts; when a call fails the forwarder has answered the client.
/// </summary>
internal sealed class CapturingRelay : OpenAiRelay
{
    /// <summary>The answer; null until a call succeeded. The caller disposes it.</summary>
    public JsonDocument? Document { get; private set; }

    public override async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken)
    {
        Document = await WholeAnswer.ReadAsync(upstream, cancellationToken);
        return null;
    }

    /// <summary>Forwards <paramref name="call"/>'s request with a fresh capturing relay.</summary>
    /// <returns>The answer, or null when the client already has the error.</returns>
    public static async Task<JsonDocument?> CallAsync(GeminiForwarder forwarder, HttpContext context, HttpMethod method, string model, string pathAndQuery, ReadOnlyMemory<byte>? body)
    {
        var relay = new CapturingRelay();
        await forwarder.ForwardAsync(GeminiCall.Translated(method, model, pathAndQuery, body, relay), context);
        return relay.Document;
    }
}
