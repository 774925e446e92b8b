using System.Diagnostics.Metrics;
using GeminiBalance.Keys;
using GeminiBalance.Usage;

namespace GeminiBalance.Metrics;

/// <summary>
/// What is read rather than counted: the pool's keys by state and the background writers' queues, observed only when
/// an exporter collects (every minute for Application Insights, at each scrape for Prometheus), never per request.
/// Created when the app starts, so the first scrape shows the pool before any request.
/// </summary>
internal sealed class ProxyStateGauges : IHostedService
{
    public ProxyStateGauges(IMeterFactory meters, KeyPool pool, LogQueue<RequestLogEntry> requests, LogQueue<ErrorLogEntry> errors, TimeProvider time)
    {
        var meter = meters.Create(ProxyMetrics.MeterName);
        meter.CreateObservableGauge("geminibalance.keys", () => KeyStates(pool, time.GetUtcNow()), "{key}", "The pool's keys by state: active, cooling (for at least one model), invalid, disabled.");
        meter.CreateObservableGauge("geminibalance.writer.queued", () => Queued(requests, errors), "{row}", "Log rows waiting for the background writer, by log.");
        meter.CreateObservableCounter("geminibalance.writer.dropped", () => Dropped(requests, errors), "{row}", "Log rows dropped unwritten because their queue was full, by writer.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static Measurement<long>[] KeyStates(KeyPool pool, DateTimeOffset now)
    {
        long active = 0, cooling = 0, invalid = 0, disabled = 0;
        foreach (var slot in pool.Set.Slots)
        {
            var health = slot.Health;
            switch (health.Status)
            {
                case KeyStatus.Invalid:
                    invalid++;
                    break;
                case KeyStatus.Disabled:
                    disabled++;
                    break;
                default:
                    if (health.CoolingUntil.Values.Any(until => until > now))
                    {
                        cooling++;
                    }
                    else
                    {
                        active++;
                    }

                    break;
            }
        }

        return
        [
            new(active, new KeyValuePair<string, object?>("state", "active")),
            new(cooling, new KeyValuePair<string, object?>("state", "cooling")),
            new(invalid, new KeyValuePair<string, object?>("state", "invalid")),
            new(disabled, new KeyValuePair<string, object?>("state", "disabled")),
        ];
    }

    // The key pool's transition queue is a single-reader channel, which cannot count; the log queues can.
    private static Measurement<long>[] Queued(LogQueue<RequestLogEntry> requests, LogQueue<ErrorLogEntry> errors) =>
    [
        new(requests.Count, new KeyValuePair<string, object?>("writer", MetricTags.RequestLog)),
        new(errors.Count, new KeyValuePair<string, object?>("writer", MetricTags.ErrorLog)),
    ];

    private static Measurement<long>[] Dropped(LogQueue<RequestLogEntry> requests, LogQueue<ErrorLogEntry> errors) =>
    [
        new(requests.DroppedEver, new KeyValuePair<string, object?>("writer", MetricTags.RequestLog)),
        new(errors.DroppedEver, new KeyValuePair<string, object?>("writer", MetricTags.ErrorLog)),
    ];
}
