using Hale.Checks;
using Hale.Combinators;
using Hale.State;

namespace Hale.Tests.Combinators;

public sealed class OneshotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-oneshot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task CheckAsync_AfterFire_OppositeExactlyOnce()
    {
        var oneshot = new Oneshot(HealthState.Fail);

        var before = (await oneshot.CheckAsync()).Status;
        oneshot.Fire();
        var fired = (await oneshot.CheckAsync()).Status;
        var after = (await oneshot.CheckAsync()).Status;

        Assert.Equal([CheckStatus.Fail, CheckStatus.Ok, CheckStatus.Fail], [before, fired, after]);
    }

    [Fact]
    public async Task Fire_Twice_NotCumulative()
    {
        var oneshot = new Oneshot(HealthState.Ok);

        oneshot.Fire();
        oneshot.Fire();
        var results = new[] { (await oneshot.CheckAsync()).Status, (await oneshot.CheckAsync()).Status };

        Assert.Equal([CheckStatus.Fail, CheckStatus.Ok], results);
    }

    [Fact]
    public async Task Fire_Persisted_ArmedSurvivesRestartAndIsConsumed()
    {
        var store = new FileOperatorStateStore(_dir);
        new Oneshot(HealthState.Fail, persistence: new OperatorStateSlot(store, "mail-u5.to_ok")).Fire();

        var restarted = new Oneshot(HealthState.Fail, persistence: new OperatorStateSlot(store, "mail-u5.to_ok"));
        var armed = restarted.IsArmed;
        var first = (await restarted.CheckAsync()).Status;
        var again = new Oneshot(HealthState.Fail, persistence: new OperatorStateSlot(store, "mail-u5.to_ok"));

        Assert.True(armed);
        Assert.Equal(CheckStatus.Ok, first);
        Assert.False(again.IsArmed);
    }
}
