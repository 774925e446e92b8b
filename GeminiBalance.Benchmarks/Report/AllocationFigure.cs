namespace GeminiBalance.Benchmarks.Report;

/// <summary>Bytes a server process allocated per request over a counted batch (its background work included).</summary>
/// <param name="Failed">Requests of the batch that did not succeed; a batch with failures measures something else.</param>
internal sealed record AllocationFigure(string Request, string Server, int Requests, int Failed, long BytesPerRequest);
