using System.Text;
using GeminiBalance.Hosting;
using GeminiBalance.Upstream;

namespace GeminiBalance.Keys;

/// <summary>Tries one key now with a one-token request to TEST_MODEL; the re-check timer and the admin's verify share it.</summary>
internal sealed class KeyProbe(UpstreamClients http, ICurrentOptions options)
{
    private static readonly byte[] TestBody = Encoding.UTF8.GetBytes("""{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"generationConfig":{"maxOutputTokens":1}}""");

    /// <returns>Null when the key answered; otherwise the classified failure.</returns>
    public async Task<UpstreamFailure?> TestAsync(PoolKey key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Current.UpstreamUri($"/v1beta/models/{options.Current.TestModel}:generateContent"))
        {
            Content = new ByteArrayContent(TestBody) { Headers = { ContentType = new("application/json") } },
        };
        UpstreamHeaders.AddCustom(request, options.Current);
        request.Headers.TryAddWithoutValidation("x-goog-api-key", key.Secret);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Current.Timeout);
        try
        {
            using var response = await http.For(key).SendAsync(request, deadline.Token);
            return response.IsSuccessStatusCode
                ? null
                : FailureClassifier.Classify((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(deadline.Token));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is HttpRequestException or OperationCanceledException)
        {
            return new UpstreamFailure(FailureKind.Transient, Reason: UnansweredAttempt.Describe(exception));
        }
    }
}
