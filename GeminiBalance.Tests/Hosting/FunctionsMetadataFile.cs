using System.Text.Json;

namespace GeminiBalance.Tests.Hosting;

/// <summary>One function of the Worker SDK's <c>functions.metadata</c>.</summary>
internal sealed record GeneratedFunction(string Name, string? ScriptFile, string? EntryPoint, string? Language, IReadOnlyList<FunctionBinding> Bindings);

/// <summary>Reads <c>functions.metadata</c> strictly, as the host would: a JSON array of functions with their bindings.</summary>
internal static class FunctionsMetadataFile
{
    public static IReadOnlyList<GeneratedFunction> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.EnumerateArray().Select(function => new GeneratedFunction(
            Text(function, "name") ?? "",
            Text(function, "scriptFile"),
            Text(function, "entryPoint"),
            Text(function, "language"),
            function.GetProperty("bindings").EnumerateArray().Select(ReadBinding).ToArray())).ToArray();
    }

    private static FunctionBinding ReadBinding(JsonElement binding) => new(
        Text(binding, "type"),
        Text(binding, "direction"),
        Text(binding, "name"),
        Text(binding, "authLevel"),
        Text(binding, "route"),
        binding.TryGetProperty("methods", out var methods) ? methods.EnumerateArray().Select(method => method.GetString() ?? "").ToArray() : null,
        Text(binding, "schedule"));

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
