using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GeminiBalance.Metrics;

namespace GeminiBalance.Tests.Metrics;

/// <summary>
/// Listens to one app's <c>GeminiBalance</c> meter (the meter its own <see cref="IMeterFactory"/> made, so proxies that
/// other tests run at the same time do not count) and keeps every measurement.
/// </summary>
internal sealed class InstrumentRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Recorded> _measurements = new();

    public InstrumentRecorder(IMeterFactory appMeters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ProxyMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, appMeters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyCollection<Recorded> Measurements => _measurements;

    /// <summary>Reads the gauges and observable counters now, as an exporter's collection would.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>The sum of <paramref name="instrument"/>'s measurements whose tags include all of <paramref name="tags"/>.</summary>
    public double Sum(string instrument, params (string Name, string Value)[] tags) =>
        Of(instrument, tags).Sum(measurement => measurement.Value);

    /// <summary>The last observed value of a gauge with these tags.</summary>
    public double Last(string instrument, params (string Name, string Value)[] tags) =>
        Of(instrument, tags).Last().Value;

    public IEnumerable<Recorded> Of(string instrument, params (string Name, string Value)[] tags) =>
        _measurements.Where(measurement => measurement.Instrument == instrument
                                           && tags.All(tag => measurement.Tags.TryGetValue(tag.Name, out var value) && value == tag.Value));

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copied = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, tagValue) in tags)
        {
            copied[name] = tagValue?.ToString() ?? "";
        }

        _measurements.Enqueue(new Recorded(instrument.Name, value, copied));
    }

    public sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, string> Tags);
}
