using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Hale.Hosting.Tests.Metrics;

/// <summary>One measurement of a Hale instrument, with its labels.</summary>
internal sealed record Reading(string Instrument, double Value, IReadOnlyDictionary<string, string> Labels)
{
    public string this[string label] => Labels.TryGetValue(label, out var value) ? value : string.Empty;
}

/// <summary>
/// Listens to the <c>Hale</c> meter with a <see cref="MeterListener"/>: every synchronous measurement made while it lives, and
/// the observable gauges on demand (<see cref="Observe"/>). The meter is process-wide: filter by the names a test made unique.
/// </summary>
internal sealed class MeterReadings : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Reading> _recorded = new();
    private readonly Lock _observing = new();
    private List<Reading>? _observed;

    public MeterReadings()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HaleMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    /// <summary>The synchronous measurements of <paramref name="instrument"/> so far whose <paramref name="label"/> is <paramref name="value"/>.</summary>
    public IReadOnlyList<Reading> Recorded(string instrument, string label, string value) =>
        [.. _recorded.Where(r => r.Instrument == instrument && r[label] == value)];

    /// <summary>The synchronous measurements of <paramref name="instrument"/> so far, whatever their labels.</summary>
    public IReadOnlyList<Reading> Recorded(string instrument) => [.. _recorded.Where(r => r.Instrument == instrument)];

    /// <summary>Collects the observable instruments now: their measurements whose <paramref name="label"/> is <paramref name="value"/>.</summary>
    public IReadOnlyList<Reading> Observe(string instrument, string label, string value)
    {
        lock (_observing)
        {
            _observed = [];
            _listener.RecordObservableInstruments();
            var observed = _observed;
            _observed = null;
            return [.. observed.Where(r => r.Instrument == instrument && r[label] == value)];
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IConvertible
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            labels[tag.Key] = tag.Value?.ToString() ?? string.Empty;
        }

        var reading = new Reading(instrument.Name, value.ToDouble(System.Globalization.CultureInfo.InvariantCulture), labels);
        if (instrument.IsObservable)
        {
            _observed?.Add(reading);
        }
        else
        {
            _recorded.Enqueue(reading);
        }
    }
}
