using System.Text.Json;
using GeminiBalance.Errors;
using GeminiBalance.Keys;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary>
/// Keeps a successful upstream document instead of writing it, for OpenAI answers that gather several upstream
/// calls (every page of the model list, every batch of embeddings). Each call still goes through the forwarder,
/// so it gets key rotation, retries and timeouts; when a call fails the forwarder has answered the client.
/// </summary>
internal sealed class CapturingRelay(ApiProtocol protocol) : IAnswerRelay
{
    public ApiProtocol Protocol => protocol;

    /// <summary>The answer; null until a call succeeded. The caller disposes it.</summary>
    public JsonDocument? Document { get; private set; }

    public async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken)
    {
        Document = await WholeAnswer.ReadAsync(upstream, cancellationToken);
        return null;
    }

    // Nothing reaches the client before the document is whole (see OpenAiRelay).
    public Task EndBrokenAnswerAsync(HttpContext context)
    {
        context.Abort();
        return Task.CompletedTask;
    }

    public IResult UpstreamError(HttpResponseMessage upstream, byte[] body, UpstreamFailure failure) =>
        TranslatedUpstreamError.From(protocol, upstream, body, failure);

    /// <summary>Forwards <paramref name="call"/>'s request with a fresh capturing relay.</summary>
    /// <param name="protocol">The protocol the client's error is written in, should the call fail.</param>
    /// <returns>The answer, or null when the client already has the error.</returns>
    public static async Task<JsonDocument?> CallAsync(
        GeminiForwarder forwarder, HttpContext context, HttpMethod method, string model, string pathAndQuery, ReadOnlyMemory<byte>? body, ApiProtocol protocol = ApiProtocol.OpenAi)
    {
        var relay = new CapturingRelay(protocol);
        await forwarder.ForwardAsync(GeminiCall.Translated(method, model, pathAndQuery, body, relay), context);
        return relay.Document;
    }
}
