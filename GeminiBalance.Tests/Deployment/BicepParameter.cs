namespace GeminiBalance.Tests.Deployment;

/// <summary>A Bicep <c>param</c>: its type, its default expression as written (null when required), and whether it is <c>@secure()</c>.</summary>
internal sealed record BicepParameter(string Name, string Type, string? Default, bool IsSecure);
