using System.Diagnostics;
using GeminiBalance.Hosting;
using GeminiBalance.Upstream;

namespace GeminiBalance.Admin;

/// <summary>
/// <c>POST /manage/proxies/check</c>: tries every outbound proxy now, through the very clients upstream calls use, with one
/// request to BASE_URL that carries no key (Google's 403 or 404 still proves the path works).
/// </summary>
internal static class ProxyEndpoints
{
    // A dead proxy should not hold the admin's page for TIME_OUT (300 s by default).
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    public static RouteGroupBuilder MapProxyEndpoints(this RouteGroupBuilder proxies)
    {
        proxies.MapPost("check", CheckAllAsync);
        return proxies;
    }

    private static async Task<IResult> CheckAllAsync(UpstreamClients clients, ICurrentOptions options, CancellationToken cancellationToken)
    {
        var target = options.Current.UpstreamUri("/v1beta/models");
        var wait = options.Current.Timeout < MaxWait ? options.Current.Timeout : MaxWait;
        var checks = await Task.WhenAll(clients.Proxies.Select((proxy, index) => CheckAsync(clients.Through(index), proxy, target, wait, cancellationToken)));
        return TypedResults.Json(new ProxyChecks(checks), AdminJsonContext.Default.ProxyChecks);
    }

    private static async Task<ProxyCheck> CheckAsync(HttpClient client, Uri proxy, Uri target, TimeSpan wait, CancellationToken cancellationToken)
    {
        var shown = ProxiesSetting.Redacted(proxy);
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return new ProxyCheck(shown, true, Elapsed(started), (int)response.StatusCode, null);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is HttpRequestException or OperationCanceledException)
        {
            return new ProxyCheck(shown, false, Elapsed(started), null, UnansweredAttempt.Describe(exception));
        }
    }

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
