using System.Text.Json.Serialization;

namespace GeminiBalance.Endpoints;

/// <summary>The custom-handler invocation response a timer answers with (the host reads these PascalCase names).</summary>
internal sealed record TimerInvocation(
    [property: JsonPropertyName("Outputs")] Dictionary<string, string> Outputs,
    [property: JsonPropertyName("Logs")] string[] Logs,
    [property: JsonPropertyName("ReturnValue")] string? ReturnValue)
{
    public static TimerInvocation Done(string log) => new([], [log], null);
}
