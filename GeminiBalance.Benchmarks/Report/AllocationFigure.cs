namespace GeminiBalance.Benchmarks.Report;

/// <summary>Bytes a server process allocated per request over a counted batch (its background work included).</summary>
internal sealed record AllocationFigure(string Request, string Server, int Requests, long BytesPerRequest);
