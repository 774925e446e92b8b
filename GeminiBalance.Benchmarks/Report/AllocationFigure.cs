namespace GeminiBalance.Benchmarks.Report;

/// <summary>Bytes a server process allocated per request over a counted batch, with its background writers held still.</summary>
/// <param name="Failed">Requests of the batch that did not succeed; a batch with failures measures something else.</param>
/// <param name="BytesPerRequest">Allocated during the batch: serving the requests (and the runtime's own background work).</param>
/// <param name="WrittenLaterPerRequest">Allocated right after, writing out the log rows and usage totals the batch queued (the proxy only).</param>
internal sealed record AllocationFigure(string Request, string Server, int Requests, int Failed, long BytesPerRequest, long WrittenLaterPerRequest);
