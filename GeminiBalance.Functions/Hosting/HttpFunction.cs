namespace GeminiBalance.Hosting;

/// <summary>An HTTP-triggered function: what the Functions host matches before forwarding to us.</summary>
internal sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods);
