using System.Buffers;
using System.Diagnostics;
using System.Net;

namespace GeminiBalance.Benchmarks.Load;

/// <summary>
/// A closed-loop load generator: <c>concurrency</c> workers, each sending its next request as soon as the last one
/// ends, over keep-alive connections. Only requests started after the warm-up count.
/// </summary>
internal static class LoadRunner
{
    /// <param name="streamChunks">For streams: how many chunks the upstream sends apart, to count those that arrive together.</param>
    public static async Task<LoadSummary> RunAsync(Target target, RequestShape shape, int concurrency, TimeSpan warmup, TimeSpan duration, int streamChunks = 0)
    {
        using var client = CreateClient(concurrency);
        var measureFrom = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(_ => new LoadSamples()).ToArray();
        await Task.WhenAll(workers.Select(samples => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var started = Stopwatch.GetTimestamp();
                await SendOneAsync(client, target, shape, started >= measureFrom ? samples : null, streamChunks);
            }
        })));
        return LoadSamples.Summarize(workers, TimeSpan.FromSeconds(duration.TotalSeconds));
    }

    /// <summary>Sends exactly <paramref name="count"/> requests, for measurements taken around the whole batch.</summary>
    public static async Task<LoadSummary> RunCountAsync(Target target, RequestShape shape, int concurrency, int count)
    {
        using var client = CreateClient(concurrency);
        var remaining = count;
        var workers = Enumerable.Range(0, concurrency).Select(_ => new LoadSamples()).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(workers.Select(samples => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await SendOneAsync(client, target, shape, samples, streamChunks: 0);
            }
        })));
        return LoadSamples.Summarize(workers, clock.Elapsed);
    }

    public static HttpClient CreateClient(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        Timeout = TimeSpan.FromMinutes(2),
    };

    private static async Task SendOneAsync(HttpClient client, Target target, RequestShape shape, LoadSamples? samples, int streamChunks)
    {
        var started = Stopwatch.GetTimestamp();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var request = shape.Create(target.BaseUrl, target.Token);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            var scanner = shape.Streaming ? new SseEventScanner() : null;
            long firstEvent = 0, lastEventRead = 0;
            var readsWithEvents = 0;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                if (scanner?.Scan(buffer.AsSpan(0, read)) is > 0)
                {
                    var now = Stopwatch.GetTimestamp();
                    if (readsWithEvents++ == 0)
                    {
                        firstEvent = now;
                    }
                    else
                    {
                        samples?.ChunkGap.Add(Milliseconds(lastEventRead, now));
                    }

                    lastEventRead = now;
                }
            }

            if (samples is null)
            {
                return;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                samples.Failed++;
                return;
            }

            samples.Latency.Add(Milliseconds(started, Stopwatch.GetTimestamp()));
            if (scanner is not null && readsWithEvents > 0)
            {
                samples.FirstChunk.Add(Milliseconds(started, firstEvent));
                samples.BatchedChunks += Math.Max(0, streamChunks - readsWithEvents);
            }
        }
        catch (Exception e) when (samples is not null && e is HttpRequestException or IOException or TaskCanceledException)
        {
            samples.Failed++;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            // A failure during the warm-up is not counted.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
