namespace GeminiBalance.Benchmarks.Report;

/// <summary>Table Storage calls the proxy made during a batch of successful requests.</summary>
/// <param name="OnRequestPath">Calls a client request waited on; the target is zero.</param>
/// <param name="Total">Every call in the window, the background key-state refresh included.</param>
internal sealed record StorageFigure(int Requests, long OnRequestPath, long Total);
