using GeminiBalance.Benchmarks.Children;
using GeminiBalance.Benchmarks.Report;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Benchmarks.Load;

/// <summary>
/// Holds many streams open through one server at once (the upstream parks each after its first chunk), reads the
/// server's memory, then lets them finish and reads it again; several rounds. The first round grows the runtime's pools
/// (connections, buffers, threads) to what that many streams need, and they may grow in steps for a few rounds more
/// before they settle; a leak grows by about the same amount every round, to the last.
/// The proxy's background writers write out what the streams queued (log rows, usage totals) before each reading, so
/// rows waiting for their next round are not taken for growth.
/// </summary>
internal static class OpenStreamsProbe
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public static async Task<MemoryFigures> RunAsync(ServerProcess server, Target target, RequestShape stream, EmulatedGemini upstream, int count, int rounds)
    {
        var first = await RunRoundAsync(server, target, stream, upstream, count);
        var heapAfterRounds = new List<long> { first.HeapAfter };
        for (var round = 2; round <= rounds; round++)
        {
            heapAfterRounds.Add((await RunRoundAsync(server, target, stream, upstream, count)).HeapAfter);
        }

        return first with { HeapAfterRounds = heapAfterRounds };
    }

    private static async Task<MemoryFigures> RunRoundAsync(ServerProcess server, Target target, RequestShape stream, EmulatedGemini upstream, int count)
    {
        using var client = LoadRunner.CreateClient(count);
        var start = await SettledAsync(server);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        upstream.StreamGate = gate;
        var firstChunks = new CountdownEvent(count);
        var all = Enumerable.Range(0, count).Select(_ => Task.Run(() => HoldOneAsync(client, target, stream, firstChunks))).ToArray();
        try
        {
            if (!await Task.Run(() => firstChunks.Wait(Patience)))
            {
                throw new InvalidOperationException($"Only {count - firstChunks.CurrentCount} of {count} streams through the {server.Name} got their first chunk.");
            }

            var open = await server.StatsAsync();
            gate.SetResult();
            await Task.WhenAll(all).WaitAsync(Patience);
            var after = await server.StatsAsync();
            var collected = await SettledAsync(server);
            return new MemoryFigures(server.Name, count, start.WorkingSetBytes, open.WorkingSetBytes, open.PeakWorkingSetBytes, after.WorkingSetBytes, collected.WorkingSetBytes, start.HeapBytes, collected.HeapBytes, HeapAfterRounds: []);
        }
        finally
        {
            upstream.StreamGate = null;
            gate.TrySetResult();
        }
    }

    private static async Task<ProcessStats> SettledAsync(ServerProcess server)
    {
        await server.DrainWritersAsync();
        return await server.StatsAfterCollectionAsync();
    }

    private static async Task HoldOneAsync(HttpClient client, Target target, RequestShape stream, CountdownEvent firstChunks)
    {
        using var request = stream.Create(target.BaseUrl, target.Token);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var scanner = new SseEventScanner();
        var buffer = new byte[4096];
        var signalled = false;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            if (!signalled && scanner.Scan(buffer.AsSpan(0, read)) > 0)
            {
                signalled = true;
                firstChunks.Signal();
            }
        }
    }
}
