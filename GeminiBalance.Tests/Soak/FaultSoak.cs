using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Soak;

/// <summary>
/// Drives mixed requests through the real proxy while the emulated upstream fails on most of the pool's keys, and
/// judges every answer as its client would see it. Two keys stay healthy throughout, so nothing may be lost.
/// </summary>
internal static class FaultSoak
{
    public static async Task<SoakReport> RunAsync(EmulatedGemini upstream, AzuriteFixture storage, SoakPlan plan)
    {
        var keys = plan.Chaos ? SoakKey.ChaosPool() : SoakKey.Pool(SoakPlan.TimeOut);
        foreach (var key in keys)
        {
            upstream.SetKey(key.Secret, key.On);
        }

        upstream.RecordRequests = false;
        upstream.StreamChunkCount = plan.StreamChunks;
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, keys.Select(k => k.Secret), new Dictionary<string, string?>
        {
            [SettingNames.TimeOut] = $"{SoakPlan.TimeOut.TotalSeconds}",
            // Four attempts in all, as before MAX_RETRIES took gemini-balance's meaning, so figures stay comparable.
            [SettingNames.MaxRetries] = "4",
            [SettingNames.MaxFailures] = "3",
            // A re-check would revive keys mid-soak and blur the count of calls to keys set aside.
            [SettingNames.CheckIntervalHours] = "0",
        });
        var setAside = new SetAsideCalls(proxy.GetService<KeyPool>(), proxy.GetService<TimeProvider>());
        upstream.RequestReceived = setAside.Observe;
        var kinds = await KindsServedAsync(proxy);
        var secrets = keys.Select(k => k.Secret).ToArray();
        var verdicts = new ConcurrentQueue<SoakVerdict>();
        using var stopToggling = new CancellationTokenSource();
        var toggles = keys.Where(k => k.Off is not null).Select(k => ToggleAsync(upstream, k, stopToggling.Token)).ToArray();
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, plan.Concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < plan.Requests; i = Interlocked.Increment(ref next))
            {
                verdicts.Enqueue(await SendAsync(proxy.Client, kinds[i % kinds.Count], $"soak {i}", plan, secrets));
            }
        })));
        clock.Stop();
        await stopToggling.CancelAsync();
        await Task.WhenAll(toggles);
        upstream.RequestReceived = null;

        // A secret in a log line is as lost as one in a response, though no single request owns it.
        foreach (var _ in proxy.Logs.Lines.Where(line => secrets.Any(line.Contains)))
        {
            verdicts.Enqueue(SoakVerdict.Lost("an upstream key in a log line"));
        }

        return new SoakReport(
            plan.Requests,
            verdicts.Count(v => v.Outcome == SoakOutcome.Succeeded),
            verdicts.Count(v => v.Outcome == SoakOutcome.FailedCorrectly),
            verdicts.Count(v => v.Outcome == SoakOutcome.Lost),
            Tally(verdicts, SoakOutcome.Lost),
            Tally(verdicts, SoakOutcome.FailedCorrectly),
            kinds,
            [.. keys.Select(k => new SoakKeyFigures(k.Secret, k.Fault, setAside.Calls(k.Secret), setAside.WhileSetAside(k.Secret), setAside.Status(k.Secret).ToString()))],
            clock.Elapsed,
            Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024));
    }

    private static async Task<SoakVerdict> SendAsync(HttpClient client, SoakRequestKind kind, string prompt, SoakPlan plan, string[] secrets)
    {
        using var deadline = new CancellationTokenSource(plan.Deadline);
        try
        {
            using var request = SoakRequests.Create(kind, prompt);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value));
            return secrets.Any(secret => body.Contains(secret, StringComparison.Ordinal) || headers.Contains(secret, StringComparison.Ordinal))
                ? SoakVerdict.Lost("an upstream key in the response")
                : SoakAnswerCheck.Judge(kind, (int)response.StatusCode, body, prompt, plan.StreamChunks);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return SoakVerdict.Lost($"no answer within the {plan.Deadline.TotalSeconds} s deadline");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return SoakVerdict.Lost("the connection broke without an error in the answer");
        }
    }

    /// <summary>Native requests always; OpenAI chat too once the proxy serves it (it answers 404 until then).</summary>
    private static async Task<IReadOnlyList<SoakRequestKind>> KindsServedAsync(ProxyHost proxy)
    {
        using var probe = SoakRequests.Create(SoakRequestKind.OpenAiPlain, "probe");
        using var response = await proxy.Client.SendAsync(probe);
        return response.StatusCode == HttpStatusCode.NotFound
            ? [SoakRequestKind.NativePlain, SoakRequestKind.NativeStream]
            : [SoakRequestKind.NativePlain, SoakRequestKind.NativeStream, SoakRequestKind.OpenAiPlain, SoakRequestKind.OpenAiStream];
    }

    private static async Task ToggleAsync(EmulatedGemini upstream, SoakKey key, CancellationToken stop)
    {
        try
        {
            for (var on = false; ; on = !on)
            {
                await Task.Delay(key.Period, stop);
                upstream.SetKey(key.Secret, on ? key.On : key.Off!);
            }
        }
        catch (OperationCanceledException)
        {
            // The soak is over.
        }
    }

    private static IReadOnlyDictionary<string, int> Tally(IEnumerable<SoakVerdict> verdicts, SoakOutcome outcome) =>
        verdicts.Where(v => v.Outcome == outcome).GroupBy(v => v.Reason ?? "").ToDictionary(g => g.Key, g => g.Count());
}
