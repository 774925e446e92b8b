using Azure.Core;
using Azure.Core.Pipeline;

namespace GeminiBalance.Tests.Storage;

/// <summary>
/// Sees every request a Table client sends and the status it got back, and can run an action just before a chosen
/// request goes out: how a test puts another instance's write between a store's read and its write.
/// </summary>
internal sealed class TableTraffic : HttpPipelinePolicy
{
    private readonly List<(string Method, string Path, bool Conditional, int Status)> _seen = [];

    /// <summary>Runs before every request goes out (and decides for itself whether to do anything).</summary>
    public Func<Request, Task>? Before { get; set; }

    public IReadOnlyList<(string Method, string Path, bool Conditional, int Status)> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Before is { } before)
        {
            await before(message.Request);
        }

        await ProcessNextAsync(message, pipeline);
        lock (_seen)
        {
            _seen.Add((message.Request.Method.Method, message.Request.Uri.Path, message.Request.Headers.TryGetValue("If-Match", out _), message.Response.Status));
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The stores call storage asynchronously only.");

    /// <summary>A Table service client on <paramref name="connectionString"/> whose every request passes through <paramref name="traffic"/>.</summary>
    public static Azure.Data.Tables.TableServiceClient Client(string connectionString, TableTraffic traffic)
    {
        var options = new Azure.Data.Tables.TableClientOptions();
        options.AddPolicy(traffic, HttpPipelinePosition.PerRetry);
        return new Azure.Data.Tables.TableServiceClient(connectionString, options);
    }
}
