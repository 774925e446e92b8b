namespace GeminiBalance.Tests.Hosting;

/// <summary>One entry of a function's <c>bindings</c> in <c>functions.metadata</c>; absent properties are null.</summary>
internal sealed record FunctionBinding(
    string? Type,
    string? Direction,
    string? Name,
    string? AuthLevel,
    string? Route,
    IReadOnlyList<string>? Methods,
    string? Schedule);
