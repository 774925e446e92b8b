namespace GeminiBalance.Benchmarks.Children;

/// <summary>What a server process reports about itself when the driver asks.</summary>
/// <param name="AllocatedBytes">Every byte the process has allocated since it started (<see cref="GC.GetTotalAllocatedBytes"/>, precise).</param>
/// <param name="WorkingSetBytes">Resident set size now.</param>
/// <param name="PeakWorkingSetBytes">The highest resident set size so far (VmHWM on Linux).</param>
/// <param name="HeapBytes">Managed heap in use (<see cref="GC.GetTotalMemory"/>); after a forced collection, what is still referenced.</param>
/// <param name="StorageCalls">Table Storage calls of any origin (the background key-state refresh included); the proxy only.</param>
/// <param name="RequestPathStorageCalls">Storage calls made while serving a client request, counted only while marking is on.</param>
/// <param name="CpuSeconds">Processor time the process has used since it started, user and kernel, every thread.</param>
internal sealed record ProcessStats(long AllocatedBytes, long WorkingSetBytes, long PeakWorkingSetBytes, long HeapBytes, long StorageCalls, long RequestPathStorageCalls, double CpuSeconds);
