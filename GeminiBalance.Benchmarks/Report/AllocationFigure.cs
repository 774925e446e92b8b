namespace GeminiBalance.Benchmarks.Report;

/// <summary>Bytes a server process allocated, and processor time it used, per request over a counted batch, with its background writers held still.</summary>
/// <param name="Failed">Requests of the batch that did not succeed; a batch with failures measures something else.</param>
/// <param name="BytesPerRequest">Allocated during the batch: serving the requests (and the runtime's own background work).</param>
/// <param name="WrittenLaterPerRequest">Allocated right after, writing out the log rows and usage totals the batch queued (the proxy only).</param>
/// <param name="CpuMicrosecondsPerRequest">Processor time the server used during the batch, per request: its own cost, less swayed by
/// other load on the machine than latency is (the thread pool's spinning while it waits for work is included).</param>
internal sealed record AllocationFigure(string Request, string Server, int Requests, int Failed, long BytesPerRequest, long WrittenLaterPerRequest, double CpuMicrosecondsPerRequest);
