using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace GeminiBalance.Benchmarks.Children;

/// <summary>
/// The server side of the line protocol between the driver and a server process: the process announces its address
/// on stdout, then answers commands read from stdin. Replies carry a marker so log lines on stdout cannot be mistaken for them.
/// </summary>
internal static class ChildControl
{
    public const string ListeningMarker = "@@listening ";
    public const string StatsMarker = "@@stats ";

    /// <summary>Serves <paramref name="app"/> until the driver closes stdin or sends <c>quit</c>.</summary>
    /// <param name="writers">The proxy's background writers; null for the forwarder, which has none.</param>
    public static async Task RunAsync(WebApplication app, StorageCallCounter? storage, BackgroundWriters? writers)
    {
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Console.WriteLine(ListeningMarker + address);
        while (await Console.In.ReadLineAsync() is { } command && command != "quit")
        {
            switch (command)
            {
                case "gc":
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                    break;
                case "mark on":
                    RequestPathMarker.Enabled = true;
                    break;
                case "mark off":
                    RequestPathMarker.Enabled = false;
                    break;
                case "writers pause" when writers is not null:
                    await writers.PauseAsync();
                    break;
                case "writers drain" when writers is not null:
                    await writers.DrainAsync();
                    break;
                case "writers resume" when writers is not null:
                    await writers.ResumeAsync();
                    break;
            }

            Console.WriteLine(StatsMarker + JsonSerializer.Serialize(Snapshot(storage), BenchJson.Options));
        }

        await app.StopAsync();
    }

    private static ProcessStats Snapshot(StorageCallCounter? storage)
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessStats(
            GC.GetTotalAllocatedBytes(precise: true),
            process.WorkingSet64,
            process.PeakWorkingSet64,
            GC.GetTotalMemory(forceFullCollection: false),
            storage?.Total ?? 0,
            storage?.OnRequestPath ?? 0,
            process.TotalProcessorTime.TotalSeconds);
    }
}
