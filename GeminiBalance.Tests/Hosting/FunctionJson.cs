using System.Text.Json;

namespace GeminiBalance.Tests.Hosting;

/// <summary>Reads a <c>function.json</c> the way the Functions host would: strict JSON, bindings by property name.</summary>
internal static class FunctionJson
{
    public static IReadOnlyList<FunctionBinding> ReadBindings(string path)
    {
        // No comment or trailing-comma leniency: the host's parser would reject what a lenient one accepts.
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("bindings").EnumerateArray().Select(ReadBinding).ToArray();
    }

    public static string FileIn(string folder, string functionName) => Path.Combine(folder, functionName, "function.json");

    private static FunctionBinding ReadBinding(JsonElement binding) => new(
        Text(binding, "type"),
        Text(binding, "direction"),
        Text(binding, "name"),
        Text(binding, "authLevel"),
        Text(binding, "route"),
        binding.TryGetProperty("methods", out var methods) ? methods.EnumerateArray().Select(method => method.GetString() ?? "").ToArray() : null,
        Text(binding, "schedule"));

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.GetString() : null;
}
