namespace GeminiBalance.Tests.Hosting;

/// <summary>One entry of a <c>function.json</c> <c>bindings</c> array; absent properties are null.</summary>
internal sealed record FunctionBinding(
    string? Type,
    string? Direction,
    string? Name,
    string? AuthLevel,
    string? Route,
    IReadOnlyList<string>? Methods,
    string? Schedule);
