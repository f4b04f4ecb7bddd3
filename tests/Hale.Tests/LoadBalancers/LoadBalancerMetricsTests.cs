using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Hale.LoadBalancers;
using Hale.Testing;
using Hale.Tests.Actions;

namespace Hale.Tests.LoadBalancers;

/// <summary>The reconciler's counters on the <c>Hale</c> meter: apply results and drift repairs, labelled by balancer.</summary>
public sealed class LoadBalancerMetricsTests : IAsyncDisposable
{
    private static readonly ServerAddress Web1 = new("be_web", "web1");

    private readonly ManualTimeProvider _time = new();
    private readonly FakeLoadBalancerRuntime _fake;
    private readonly LoadBalancerReconciler _reconciler;
    private readonly string _name = "lb-" + Guid.NewGuid().ToString("N");
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, string Result)> _counted = new();

    public LoadBalancerMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HaleMetrics.MeterName && instrument.Name.StartsWith("hale.haproxy.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            string? balancer = null;
            var result = string.Empty;
            foreach (var tag in tags)
            {
                balancer = tag.Key == "balancer" ? tag.Value as string : balancer;
                result = tag.Key == "result" ? (string)tag.Value! : result;
            }

            if (balancer == _name)
            {
                _counted.Enqueue((instrument.Name, result));
            }
        });
        _listener.Start();
        _fake = new FakeLoadBalancerRuntime(_time, Web1);
        _reconciler = new LoadBalancerReconciler(
            _fake,
            new BalancerDefinition { Name = _name, Socket = "unix:///run/haproxy/admin.sock", DrainTimeout = TimeSpan.FromSeconds(3) },
            new ListLogger(),
            _time);
    }

    public async ValueTask DisposeAsync()
    {
        await _reconciler.DisposeAsync();
        _listener.Dispose();
    }

    [Fact]
    public async Task Counters_AppliedThenDriftedThenRefused_EachCountedWithItsResult()
    {
        _reconciler.SetDesired(Web1, ServerAdminState.Ready);
        _reconciler.Start();
        await Eventually.TrueAsync(() => _fake.Sets.Count == 1 && _reconciler.Snapshot.Info is not null, "applied, first show info");

        _fake.SetFlags(Web1, 0x01);
        _time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => _counted.Count == 3, "drift fixed and counted");

        Assert.Equal([("hale.haproxy.applies", "ok"), ("hale.haproxy.drift_repairs", string.Empty), ("hale.haproxy.applies", "ok")], _counted);
    }

    [Fact]
    public async Task Counters_ServerRefused_CountedAsRefused()
    {
        var ghost = new ServerAddress("be_web", "ghost");
        _fake.Refuse(ghost);
        _reconciler.SetDesired(ghost, ServerAdminState.Ready);
        _reconciler.Start();

        await Eventually.TrueAsync(() => _counted.Contains(("hale.haproxy.applies", "refused")), "the refusal counted");
    }

    [Fact]
    public async Task Counters_UnreachableWhileSetting_CountedAsError()
    {
        _reconciler.SetDesired(Web1, ServerAdminState.Ready);
        _reconciler.Start();
        await Eventually.TrueAsync(() => _counted.Contains(("hale.haproxy.applies", "ok")), "applied");

        // Only the set fails: were every call to fail, a resync could find it unreachable first and no apply would be tried.
        _fake.SetsUnreachable = true;
        _reconciler.SetDesired(Web1, ServerAdminState.Maint);

        await Eventually.TrueAsync(() => _counted.Contains(("hale.haproxy.applies", "error")), "the failure counted");
    }
}
