using System.Text;
using GeminiBalance.Hosting;
using GeminiBalance.Upstream;

namespace GeminiBalance.Keys;

/// <summary>
/// Brings invalid keys back: a tiny request to TEST_MODEL with each, and a key that answers is active again.
/// Runs from the <c>key-recheck</c> timer (the Functions host, or the in-process scheduler when standalone).
/// </summary>
internal sealed partial class KeyRecheck(KeyPool pool, HttpClient http, ProxyOptions options, IRecheckSchedule schedule, ILogger<KeyRecheck> logger)
{
    private static readonly byte[] TestBody = Encoding.UTF8.GetBytes("""{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"generationConfig":{"maxOutputTokens":1}}""");

    /// <returns>How many keys came back; 0 when the re-check is off, not due, or another instance runs it.</returns>
    public async Task<int> RunIfDueAsync(CancellationToken cancellationToken)
    {
        if (options.CheckIntervalHours <= 0 || !await schedule.TryStartAsync(TimeSpan.FromHours(options.CheckIntervalHours), cancellationToken))
        {
            return 0;
        }

        return await RecheckInvalidKeysAsync(cancellationToken);
    }

    public async Task<int> RecheckInvalidKeysAsync(CancellationToken cancellationToken)
    {
        var revived = 0;
        foreach (var key in pool.Keys.Where(key => pool.HealthOf(key).Status == KeyStatus.Invalid))
        {
            var failure = await TestAsync(key, cancellationToken);
            if (failure is null)
            {
                pool.Revive(key);
                revived++;
            }

            Rechecked(logger, key.Id, failure is null ? "active again" : $"still failing ({failure.StatusCode} {failure.Reason})");
        }

        return revived;
    }

    private async Task<UpstreamFailure?> TestAsync(PoolKey key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.UpstreamUri($"/v1beta/models/{options.TestModel}:generateContent"))
        {
            Content = new ByteArrayContent(TestBody) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.TryAddWithoutValidation("x-goog-api-key", key.Secret);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            using var response = await http.SendAsync(request, deadline.Token);
            return response.IsSuccessStatusCode
                ? null
                : FailureClassifier.Classify((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(deadline.Token));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is HttpRequestException or OperationCanceledException)
        {
            return new UpstreamFailure(FailureKind.Transient, Reason: UnansweredAttempt.Describe(exception));
        }
    }

    [LoggerMessage(30, LogLevel.Information, "Re-check of key {KeyId}: {Outcome}")]
    private static partial void Rechecked(ILogger logger, string keyId, string outcome);
}
