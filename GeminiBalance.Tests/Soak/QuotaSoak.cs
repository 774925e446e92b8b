using System.Collections.Concurrent;
using System.Diagnostics;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Soak;

/// <summary>
/// The same traffic twice against an upstream that enforces Google's per-key per-model quota: once reactive (the pool
/// learns a key is spent from its 429) and once quota-aware (KEY_MODEL_LIMITS tells the pool the quota), each with a
/// fresh upstream and proxy.
/// </summary>
internal static class QuotaSoak
{
    public static async Task<QuotaSoakFigures> RunAsync(AzuriteFixture storage, QuotaSoakPlan plan, bool quotaAware)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.RecordRequests = false;
        upstream.LimitPerKey(SoakRequests.Model, plan.Rpm);
        var keys = Enumerable.Range(1, plan.Keys).Select(i => $"quota-soak-key-{i}").ToArray();
        foreach (var key in keys)
        {
            upstream.SetKey(key, new KeyBehavior.Good());
        }

        long upstreamCalls = 0;
        upstream.RequestReceived = request =>
        {
            if (request.Path.Contains(':', StringComparison.Ordinal))
            {
                Interlocked.Increment(ref upstreamCalls);
            }
        };
        var settings = new Dictionary<string, string?>
        {
            [SettingNames.MaxRetries] = $"{plan.Attempts}",
            // Keys are never invalid here; a quota 429 must not set one aside for good.
            [SettingNames.MaxFailures] = "1000",
            [SettingNames.CheckIntervalHours] = "0",
        };
        if (quotaAware)
        {
            settings[SettingNames.KeyModelLimits] = $"{{\"{SoakRequests.Model}\": {{\"rpm\": {plan.Rpm}}}}}";
        }

        await using var proxy = await ProxyHost.StartAsync(upstream, storage, keys, settings);
        var answers = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        var sends = new List<Task>(plan.Requests);
        for (var i = 0; i < plan.Requests; i++)
        {
            var due = TimeSpan.FromSeconds(i / plan.PerSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var kind = i % 2 == 0 ? SoakRequestKind.NativePlain : SoakRequestKind.OpenAiPlain;
            var prompt = $"quota soak {i}";
            sends.Add(Task.Run(async () =>
            {
                using var request = SoakRequests.Create(kind, prompt);
                using var response = await proxy.Client.SendAsync(request);
                answers.AddOrUpdate((int)response.StatusCode, 1, (_, count) => count + 1);
            }));
        }

        await Task.WhenAll(sends);
        clock.Stop();
        upstream.RequestReceived = null;
        return new QuotaSoakFigures(
            quotaAware ? "quota-aware" : "reactive",
            plan.Requests,
            answers.GetValueOrDefault(200),
            Interlocked.Read(ref upstreamCalls),
            upstream.QuotaRejections,
            new Dictionary<int, int>(answers),
            // The traffic's own span, not the tail of the last answers: both modes are judged over the same minutes.
            plan.Span > clock.Elapsed ? plan.Span : clock.Elapsed);
    }
}
