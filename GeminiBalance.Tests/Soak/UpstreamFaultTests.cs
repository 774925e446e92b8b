using System.Diagnostics;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Soak;

/// <summary>
/// Each way an upstream can misbehave beyond Google's documented errors, met by every surface with one key in the pool
/// (so its answer is the client's): a clear error in the caller's protocol within TIME_OUT, and the key blamed only
/// when the fault can be its own (a timeout, a reset, a 5xx), never for garbage in a 200.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class UpstreamFaultTests(AzuriteFixture storage)
{
    private const string Key = "fault-key";
    // Headers, then TIME_OUT for the body, then the answer: far below TIME_OUT plus this unless a limit is missing.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    public static TheoryData<UpstreamFault, int, string, string, string, string, bool> Faults => new()
    {
        // fault, TIME_OUT in seconds, then what native unary, native stream, OpenAI unary and OpenAI stream clients get, and
        // whether the key is blamed. A 1 GiB answer gets a TIME_OUT long enough to read the 64 MiB the proxy holds at most
        // on a slow machine, so it is the size limit that ends it; with 1 s it would be the time limit (504, blamed).
        { UpstreamFault.HeadersThenSilence, 1, "504", "504", "504", "504", true },
        { UpstreamFault.EndlessBody, 1, "504", "504", "504", "504", true },
        { UpstreamFault.InvalidJson, 1, "502", "502", "502", "502", false },
        { UpstreamFault.MalformedSseEvent, 1, "200", UpstreamAnswerShape.StreamError, "200", UpstreamAnswerShape.StreamError, false },
        // Google's own answer for the native surface; the translated surfaces have nothing to translate.
        { UpstreamFault.NoCandidates, 1, "200", "200", "502", "502", false },
        { UpstreamFault.HtmlServerError, 1, "502", "502", "502", "502", true },
        { UpstreamFault.ResetBeforeHeaders, 1, "502", "502", "502", "502", true },
        { UpstreamFault.HugeAnswer, 30, "502", "502", "502", "502", false },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task MisbehavingUpstream_EverySurface_ClearErrorInTimeAndRightBlame(
        UpstreamFault fault, int timeOutSeconds, string nativePlain, string nativeStream, string openAiPlain, string openAiStream, bool keyBlamed)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.RecordRequests = false;
        upstream.SetKey(Key, new KeyBehavior.Misbehaving(fault));
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [Key], new Dictionary<string, string?>
        {
            [SettingNames.TimeOut] = $"{timeOutSeconds}",
            // Blame is counted, not acted on: the key stays in the pool for every surface's request.
            [SettingNames.MaxFailures] = "100",
        });

        var expected = new Dictionary<SoakRequestKind, string>
        {
            [SoakRequestKind.NativePlain] = nativePlain,
            [SoakRequestKind.NativeStream] = nativeStream,
            [SoakRequestKind.OpenAiPlain] = openAiPlain,
            [SoakRequestKind.OpenAiStream] = openAiStream,
        };
        foreach (var (kind, shape) in expected)
        {
            var clock = Stopwatch.StartNew();
            using var request = SoakRequests.Create(kind, $"fault {fault}");
            var answered = TimeSpan.FromSeconds(timeOutSeconds) + Slack;
            using var deadline = new CancellationTokenSource(answered * 2);
            using var response = await proxy.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            clock.Stop();

            Assert.Equal((kind, shape), (kind, UpstreamAnswerShape.Of(kind, (int)response.StatusCode, body)));
            Assert.True(clock.Elapsed < answered, $"{kind} took {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.DoesNotContain(Key, body, StringComparison.Ordinal);
        }

        var pool = proxy.GetService<KeyPool>();
        var failures = pool.HealthOf(pool.Set.Slots.Single().Key).TotalFailures;
        Assert.True(keyBlamed ? failures > 0 : failures == 0, $"{fault}: the key has {failures} failures");
        Assert.DoesNotContain(proxy.Logs.Lines, line => line.Contains(Key, StringComparison.Ordinal));
    }
}
