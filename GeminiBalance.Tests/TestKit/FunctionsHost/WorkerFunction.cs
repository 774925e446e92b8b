using System.Text.Json;
using GeminiBalance.Tests.TestKit.FunctionsHost.Rpc;

namespace GeminiBalance.Tests.TestKit.FunctionsHost;

/// <summary>A function the worker indexed, with what the host needs from its trigger binding.</summary>
internal sealed record WorkerFunction(string Id, string Name, string TriggerType, string TriggerName, string? Route, IReadOnlyList<string> Methods)
{
    public bool IsHttp => TriggerType.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase);

    public bool IsTimer => TriggerType.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the trigger from the raw bindings, the JSON the worker reports as it would appear in function.json.</summary>
    public static WorkerFunction From(RpcFunctionMetadata metadata)
    {
        foreach (var raw in metadata.RawBindings)
        {
            using var binding = JsonDocument.Parse(raw);
            var root = binding.RootElement;
            if (!Text(root, "direction").Equals("in", StringComparison.OrdinalIgnoreCase) || !Text(root, "type").EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var methods = root.TryGetProperty("methods", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(method => method.GetString()!.ToUpperInvariant()).ToArray()
                : [];
            return new(metadata.FunctionId, metadata.Name, Text(root, "type"), Text(root, "name"), root.TryGetProperty("route", out var route) ? route.GetString() : null, methods);
        }

        throw new InvalidOperationException($"Function {metadata.Name} has no trigger binding.");
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() ?? "" : "";
}
