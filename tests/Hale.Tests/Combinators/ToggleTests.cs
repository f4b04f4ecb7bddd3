using Hale.Checks;
using Hale.Combinators;
using Hale.State;
using Hale.Testing;

namespace Hale.Tests.Combinators;

public class ToggleTests
{
    [Fact]
    public async Task CheckAsync_OriginalToggleSequence_Matches()
    {
        // The original toggle_test (latest semantics): to_fail is the health check, to_ok the trigger.
        var toFail = new ScriptedCheck(CheckStatus.Ok);
        var toOk = new ScriptedCheck(CheckStatus.Fail);
        var toggle = new Toggle(toFail, toOk, HealthState.Ok);
        async Task<string> Run(int n)
        {
            var s = "";
            for (var i = 0; i < n; i++)
            {
                s += (await toggle.CheckAsync()).IsOk ? 'T' : 'F';
            }

            return s;
        }

        Assert.Equal("TT", await Run(2));
        toFail.Throws = new InvalidOperationException("x");
        Assert.Equal("T", await Run(1));
        toFail.Throws = null;
        toFail.Healthy = false;
        Assert.Equal("FF", await Run(2));
        toFail.Healthy = true;
        Assert.Equal("F", await Run(1));
        toOk.Throws = new InvalidOperationException("x");
        Assert.Equal("F", await Run(1));
        toOk.Throws = null;
        toOk.Healthy = true;
        Assert.Equal("TT", await Run(2));
        toOk.Healthy = false;
        Assert.Equal("TT", await Run(2));
        toOk.Healthy = true;
        toFail.Healthy = false;
        Assert.Equal("FTFT", await Run(4));
    }

    [Fact]
    public async Task CheckAsync_AsksOneInnerCheckPerCall()
    {
        var toFail = new ScriptedCheck(CheckStatus.Fail);
        var toOk = new ScriptedCheck(CheckStatus.Fail);
        var toggle = new Toggle(toFail, toOk);

        await toggle.CheckAsync();
        await toggle.CheckAsync();
        await toggle.CheckAsync();

        Assert.Equal(1, toFail.Calls);
        Assert.Equal(2, toOk.Calls);
    }

    [Fact]
    public async Task Constructor_PersistedLatch_RestoredAfterRestart()
    {
        var store = new MemoryStateStore();
        var slot = new OperatorStateSlot(store, "mail-u5");
        var first = new Toggle(new ScriptedCheck(CheckStatus.Fail), new ScriptedCheck(CheckStatus.Fail), HealthState.Ok, slot);
        await first.CheckAsync();

        var restarted = new Toggle(new ScriptedCheck(CheckStatus.Ok), new ScriptedCheck(CheckStatus.Fail), HealthState.Ok, slot);

        Assert.Equal("fail", store.Read("mail-u5"));
        Assert.Equal(HealthState.Fail, restarted.State);
        Assert.Equal(CheckStatus.Fail, (await restarted.CheckAsync()).Status);
    }

    private sealed class MemoryStateStore : IOperatorStateStore
    {
        private readonly Dictionary<string, string> _values = [];

        public string? Read(string key) => _values.GetValueOrDefault(key);

        public void Write(string key, string? value)
        {
            if (value is null)
            {
                _values.Remove(key);
            }
            else
            {
                _values[key] = value;
            }
        }
    }
}
