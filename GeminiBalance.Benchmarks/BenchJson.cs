using System.Text.Json;

namespace GeminiBalance.Benchmarks;

/// <summary>One JSON shape for the results file and the driver-server line protocol.</summary>
internal static class BenchJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static JsonSerializerOptions Indented { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
