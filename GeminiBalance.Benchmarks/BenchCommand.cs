using System.Net;
using System.Text.Json;
using GeminiBalance.Benchmarks.Children;
using GeminiBalance.Benchmarks.Load;
using GeminiBalance.Benchmarks.Report;
using GeminiBalance.Benchmarks.Scenarios;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Benchmarks;

/// <summary>
/// The benchmark run: Azurite, the emulated upstream, the proxy and the bare forwarder (each server in a process of
/// its own), every scenario on every path, then memory, allocation and storage figures; one table and a results file.
/// </summary>
internal static class BenchCommand
{
    private const string ClientToken = "bench-client-token";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var startedAt = DateTimeOffset.UtcNow;
        await using var storage = new AzuriteFixture();
        await storage.InitializeAsync();
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.RecordRequests = false;
        upstream.StreamChunkCount = options.StreamChunks;
        upstream.StreamChunkInterval = options.ChunkPacing;
        var keys = Enumerable.Range(1, options.Keys).Select(i => $"bench-upstream-key-{i}").ToArray();
        foreach (var key in keys)
        {
            upstream.SetKey(key, new KeyBehavior.Good());
        }

        await using var proxy = await ServerProcess.StartAsync("proxy", ["serve-proxy"], new Dictionary<string, string>
        {
            [SettingNames.ApiKeys] = string.Join(',', keys),
            [SettingNames.AllowedTokens] = ClientToken,
            [SettingNames.BaseUrl] = upstream.BaseUrl + "v1beta",
            [SettingNames.AzureWebJobsStorage] = storage.ConnectionString,
            [SettingNames.StorageTablePrefix] = ProxyHost.NewTablePrefix(),
        });
        await using var forwarder = await ServerProcess.StartAsync("forwarder", ["serve-forwarder", upstream.BaseUrl.ToString(), keys[0]], new Dictionary<string, string>());
        var direct = new Target("direct", upstream.BaseUrl, keys[0]);
        var viaForwarder = new Target("forwarder", forwarder.BaseUrl, ClientToken);
        var viaProxy = new Target("proxy", proxy.BaseUrl, ClientToken);
        Console.Error.WriteLine($"Upstream {upstream.BaseUrl}, proxy {proxy.BaseUrl} (pid {proxy.ProcessId}), forwarder {forwarder.BaseUrl} (pid {forwarder.ProcessId}).");

        var scenarios = ScenarioCatalog.All(options.StreamChunks)
            .Where(s => options.Only is null || s.Name.Contains(options.Only, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var nativeGenerate = ScenarioCatalog.All(options.StreamChunks)[0].Native;
        var nativeStream = ScenarioCatalog.All(options.StreamChunks).First(s => s.Streaming && !s.Translated).Native;

        // Memory first, so that the high-water mark is the open streams' and not the 1 MB bodies'.
        var memory = new List<MemoryFigures>();
        foreach (var (server, target) in new[] { (proxy, viaProxy), (forwarder, viaForwarder) })
        {
            await LoadRunner.RunCountAsync(target, nativeGenerate, 4, 200);
            Console.Error.WriteLine($"Holding {options.OpenStreams} streams open through the {server.Name}…");
            memory.Add(await OpenStreamsProbe.RunAsync(server, target, nativeStream, upstream, options.OpenStreams, options.MemoryRounds));
        }

        var rows = new List<ScenarioRow>();
        foreach (var scenario in scenarios)
        {
            var unavailable = scenario.Translated ? await ProbeAsync(viaProxy, scenario.ViaProxy) : null;
            if (unavailable is null)
            {
                await WarmUpAsync(scenario, direct, viaForwarder, viaProxy);
            }

            foreach (var concurrency in options.Concurrency)
            {
                Console.Error.WriteLine($"{scenario.Name}, concurrency {concurrency}{(unavailable is null ? "" : $": {unavailable}")}");
                if (unavailable is not null)
                {
                    rows.Add(new ScenarioRow(scenario.Name, scenario.Streaming, scenario.Translated, concurrency, null, null, null, unavailable));
                    continue;
                }

                var chunks = scenario.Streaming ? options.StreamChunks : 0;
                var d = await LoadRunner.RunAsync(direct, scenario.Native, concurrency, options.Warmup, options.Duration, chunks);
                var f = await LoadRunner.RunAsync(viaForwarder, scenario.Native, concurrency, options.Warmup, options.Duration, chunks);
                var p = await LoadRunner.RunAsync(viaProxy, scenario.ViaProxy, concurrency, options.Warmup, options.Duration, chunks);
                rows.Add(new ScenarioRow(scenario.Name, scenario.Streaming, scenario.Translated, concurrency, d, f, p, null));
            }
        }

        var allocations = new List<AllocationFigure>();
        foreach (var scenario in scenarios)
        {
            if (rows.Any(r => r.Scenario == scenario.Name && r.Note is not null))
            {
                continue;
            }

            // Streams carry fifty paced chunks each; fewer of them keep the batch short.
            var count = scenario.Streaming ? Math.Max(1, options.CountedRequests / 10) : options.CountedRequests;
            allocations.Add(await MeasureAllocationsAsync(proxy, viaProxy, scenario.Name, scenario.ViaProxy, count));
            if (!scenario.Translated)
            {
                allocations.Add(await MeasureAllocationsAsync(forwarder, viaForwarder, scenario.Name, scenario.Native, count));
            }
        }

        var storageFigure = await MeasureStorageCallsAsync(proxy, viaProxy, nativeGenerate, options.CountedRequests);
        var results = new BenchResults(startedAt, MachineInfo.Current(), options, rows, memory, allocations, storageFigure);
        var markdown = MarkdownReport.Write(results);
        Console.WriteLine(markdown);
        var saved = await SaveAsync(results, markdown, options.ResultsFolder);
        Console.Error.WriteLine($"Results written to {saved}.json and .md");
        return 0;
    }

    /// <summary>
    /// A burst of the scenario's requests on every path before its first measurement. The timed warm-up alone leaves a
    /// stream at concurrency 1 two or three requests, so the code that only that scenario runs (a request's translation)
    /// was still being compiled, or ran unoptimized, while its first chunks were timed.
    /// </summary>
    private static async Task WarmUpAsync(Scenario scenario, Target direct, Target forwarder, Target proxy)
    {
        const int Requests = 200;
        await LoadRunner.RunCountAsync(direct, scenario.Native, 16, Requests);
        await LoadRunner.RunCountAsync(forwarder, scenario.Native, 16, Requests);
        await LoadRunner.RunCountAsync(proxy, scenario.ViaProxy, 16, Requests);
    }

    /// <summary>Null when the proxy serves the route; otherwise what to print in its place.</summary>
    private static async Task<string?> ProbeAsync(Target proxy, RequestShape request)
    {
        using var client = LoadRunner.CreateClient(1);
        using var message = request.Create(proxy.BaseUrl, proxy.Token);
        using var response = await client.SendAsync(message);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode switch
        {
            HttpStatusCode.OK => null,
            HttpStatusCode.NotFound => "n/a (route not built)",
            var status => $"n/a (the route answered HTTP {(int)status})",
        };
    }

    /// <summary>
    /// The proxy's background writers stand still during the batch (a round writing rows queued earlier would land in
    /// it at random); what the batch queued is written right after and counted on its own.
    /// </summary>
    private static async Task<AllocationFigure> MeasureAllocationsAsync(ServerProcess server, Target target, string name, RequestShape request, int count)
    {
        await server.PauseWritersAsync();
        try
        {
            var before = await server.StatsAsync();
            var summary = await LoadRunner.RunCountAsync(target, request, 4, count);
            var after = await server.StatsAsync();
            var written = await server.DrainWritersAsync();
            return new AllocationFigure(
                name, server.Name, count, summary.Failed, (after.AllocatedBytes - before.AllocatedBytes) / count, (written.AllocatedBytes - after.AllocatedBytes) / count,
                (after.CpuSeconds - before.CpuSeconds) * 1e6 / count);
        }
        finally
        {
            await server.ResumeWritersAsync();
        }
    }

    private static async Task<StorageFigure> MeasureStorageCallsAsync(ServerProcess proxy, Target target, RequestShape request, int count)
    {
        var before = await proxy.MarkRequestPathAsync(on: true);
        var summary = await LoadRunner.RunCountAsync(target, request, 4, count);
        var after = await proxy.MarkRequestPathAsync(on: false);
        return new StorageFigure(summary.Completed, after.RequestPathStorageCalls - before.RequestPathStorageCalls, after.StorageCalls - before.StorageCalls);
    }

    private static async Task<string> SaveAsync(BenchResults results, string markdown, string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, results.StartedAt.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
        await File.WriteAllTextAsync(path + ".json", JsonSerializer.Serialize(results, BenchJson.Indented));
        await File.WriteAllTextAsync(path + ".md", markdown);
        return path;
    }
}
