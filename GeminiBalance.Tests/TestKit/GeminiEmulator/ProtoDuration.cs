using System.Globalization;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>Formats a TimeSpan the way proto3 JSON writes google.protobuf.Duration ("15s", "1.500s").</summary>
internal static class ProtoDuration
{
    public static string Format(TimeSpan value)
    {
        var seconds = value.Ticks / TimeSpan.TicksPerSecond;
        var nanos = value.Ticks % TimeSpan.TicksPerSecond * 100;
        if (nanos == 0)
        {
            return seconds.ToString(CultureInfo.InvariantCulture) + "s";
        }

        // proto3 JSON uses 3, 6 or 9 fractional digits, whichever is the shortest exact form.
        var fraction = nanos % 1_000_000 == 0 ? (nanos / 1_000_000).ToString("D3", CultureInfo.InvariantCulture)
            : nanos % 1_000 == 0 ? (nanos / 1_000).ToString("D6", CultureInfo.InvariantCulture)
            : nanos.ToString("D9", CultureInfo.InvariantCulture);
        return $"{seconds.ToString(CultureInfo.InvariantCulture)}.{fraction}s";
    }
}
