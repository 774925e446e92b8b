using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Soak;

/// <summary>A key of the soak's pool and its fault; <paramref name="Off"/> set makes the fault come and go.</summary>
/// <param name="On">The behaviour it starts with.</param>
/// <param name="Off">The behaviour it switches to and back from every <paramref name="Period"/>; null for a fault that stays.</param>
internal sealed record SoakKey(string Secret, string Fault, KeyBehavior On, KeyBehavior? Off = null, TimeSpan Period = default)
{
    public bool Healthy => On is KeyBehavior.Good && Off is null;

    /// <summary>Two healthy keys and one of each fault the issue names, some of them coming and going.</summary>
    public static IReadOnlyList<SoakKey> Pool(TimeSpan timeOut) =>
    [
        new("soak-healthy-1", "none", new KeyBehavior.Good()),
        new("soak-healthy-2", "none", new KeyBehavior.Good()),
        new("soak-invalid", "400 API_KEY_INVALID", new KeyBehavior.Invalid()),
        new("soak-blocked", "403 PERMISSION_DENIED", new KeyBehavior.PermissionDenied()),
        new("soak-429-bursts", "429 with RetryInfo 1 s, in bursts", new KeyBehavior.RateLimited(TimeSpan.FromSeconds(1)), new KeyBehavior.Good(), TimeSpan.FromSeconds(1.5)),
        new("soak-503-bursts", "503 UNAVAILABLE, in bursts", new KeyBehavior.Unavailable(), new KeyBehavior.Good(), TimeSpan.FromSeconds(1)),
        new("soak-slow", $"answers after {timeOut.TotalSeconds * 3} s, past TIME_OUT", new KeyBehavior.Slow(timeOut * 3)),
        new("soak-dies", "streams die after the first chunk", new KeyBehavior.DiesMidStream(1)),
    ];

    /// <summary>Two healthy keys and one for each way an upstream can misbehave beyond Google's documented errors.</summary>
    public static IReadOnlyList<SoakKey> ChaosPool() =>
    [
        new("chaos-healthy-1", "none", new KeyBehavior.Good()),
        new("chaos-healthy-2", "none", new KeyBehavior.Good()),
        .. Enum.GetValues<UpstreamFault>().Select(fault => new SoakKey($"chaos-{fault}", FaultName(fault), new KeyBehavior.Misbehaving(fault))),
    ];

    private static string FaultName(UpstreamFault fault) => fault switch
    {
        UpstreamFault.HeadersThenSilence => "200 headers, then silence",
        UpstreamFault.EndlessBody => "a body that never ends (a byte every 50 ms)",
        UpstreamFault.InvalidJson => "invalid JSON in a 200",
        UpstreamFault.MalformedSseEvent => "a stream's second event not JSON",
        UpstreamFault.NoCandidates => "a 200 with no candidates",
        UpstreamFault.HtmlServerError => "500 with an HTML body",
        UpstreamFault.ResetBeforeHeaders => "connection reset before the headers",
        _ => "a 1 GiB answer",
    };
}
