namespace GeminiBalance.Endpoints;

internal sealed record HealthStatus(string Status, string Version);
