using System.Text.Json.Nodes;
using Azure;
using GeminiBalance.Storage;

namespace GeminiBalance.Responses;

/// <summary>
/// Stores a finished response (<c>store: true</c>) before its last bytes go out, so a client that continues it with
/// <c>previous_response_id</c> right away, on any instance, finds it. A storage failure costs the stored copy, never the answer.
/// </summary>
internal sealed class ResponseArchive(TableResponseStore store, string owner, JsonArray input, TimeProvider time, ILogger logger)
{
    // Bounds how long a slow storage account can hold back an answer that is otherwise complete.
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    public async Task SaveAsync(JsonObject response, CancellationToken cancellationToken)
    {
        var id = (string?)response["id"] ?? throw new InvalidOperationException("A response is archived only after it has its id.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(MaxWait);
        try
        {
            await store.SaveAsync(new StoredResponse(id, owner, time.GetUtcNow(), response, input), deadline.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
            && exception is RequestFailedException or ConversationTooLargeException or HttpRequestException or IOException or OperationCanceledException)
        {
            ResponsesLog.NotStored(logger, id, exception is ConversationTooLargeException ? exception.Message : exception.GetType().Name);
        }
    }
}
