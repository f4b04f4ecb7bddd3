using Hale.Checks;
using Hale.Processes;
using Hale.Services;
using Microsoft.Extensions.Logging;

namespace Hale.Tests.Services;

/// <summary>What an operator can filter: failures at Warning, holds at Error, a child's output at Information, all in the service's scope.</summary>
public sealed class SupervisorLoggingTests : IAsyncLifetime
{
    private readonly SupervisorHarness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Crash_LoggedAtWarning_OutputAtInformation_InServiceScope()
    {
        await _h.StartAsync(_h.Owned("web", "echo to-stderr >&2; echo to-stdout; sleep 0.6; exit 3"));

        var entries = await _h.WaitForLogAsync(e => e.Message.StartsWith("Service web is now Backoff", StringComparison.Ordinal));

        var crash = entries.First(e => e.Message.StartsWith("Service web is now Backoff", StringComparison.Ordinal));
        var stderr = entries.First(e => e.Message == "[web] to-stderr");
        var stdout = entries.First(e => e.Message == "[web] to-stdout");
        Assert.Equal(LogLevel.Warning, crash.Level);
        Assert.Contains("exit 3", crash.Message);
        Assert.Equal(LogLevel.Information, stderr.Level);
        Assert.Equal(LogLevel.Information, stdout.Level);
        Assert.All([crash, stderr, stdout], e => Assert.Contains("Service web", e.Scopes));
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Warning && e.Message.Contains("is now Starting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stderr_ConfiguredWarning_LoggedAtWarning()
    {
        await _h.StartAsync(_h.Owned("web", "echo to-stderr >&2; exec sleep 300") with { StderrLogLevel = LogLevel.Warning });

        var entries = await _h.WaitForLogAsync(e => e.Message == "[web] to-stderr");

        Assert.Equal(LogLevel.Warning, entries.First(e => e.Message == "[web] to-stderr").Level);
    }

    [Fact]
    public async Task StartLimit_Hold_LoggedAtError()
    {
        var policy = SupervisorHarness.Fast with { BackoffInitial = TimeSpan.FromMilliseconds(20), Limit = new StartLimit(2, TimeSpan.FromMinutes(1), null) };
        await _h.StartAsync(_h.Owned("bad", "exit 1") with { Restart = policy });

        var entries = await _h.WaitForLogAsync(e => e.Message.StartsWith("Service bad is now Fatal", StringComparison.Ordinal));

        var held = entries.First(e => e.Message.StartsWith("Service bad is now Fatal", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Error, held.Level);
        Assert.Contains("held until an operator resets it", held.Message);
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.Message.Contains("exited within its start window (exit 1)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopCommandFails_LoggedAtWarning()
    {
        await _h.StartAsync(new ServiceDefinition
        {
            Name = "legacy",
            StartCommand = "true",
            StopCommand = "echo refused; exit 4",
            Alive = new Testing.ScriptedCheck(CheckStatus.Ok),
            Restart = SupervisorHarness.Fast,
            CheckInterval = TimeSpan.FromMilliseconds(100),
            Stop = new StopPolicy(NativeMethods.SIGTERM, TimeSpan.FromMilliseconds(500)),
        });
        await _h.WaitAsync("legacy", s => s.State == ServiceState.Ready);

        _h.Supervisor.Send("legacy", ServiceCommand.Stop);
        var entries = await _h.WaitForLogAsync(e => e.Message.Contains("Stop failed", StringComparison.Ordinal));

        var failed = entries.First(e => e.Message.Contains("Stop failed", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Contains("exit 4: refused", failed.Message);
        Assert.Contains("Service legacy", failed.Scopes);
    }

    [Fact]
    public async Task Status_AfterCrash_LastExitAndLastTwentyLinesOfBothStreams()
    {
        await _h.StartAsync(_h.Owned("web", "for i in $(seq 1 25); do echo out$i; done; sleep 1; echo err-last >&2; sleep 0.6; exit 3"));

        var crashed = await _h.WaitAsync("web", s => s.LastExit is not null);
        var status = _h.Status("web");

        Assert.Equal(3, crashed.LastExit!.ExitCode);
        Assert.Null(crashed.LastExit.Signal);
        Assert.Equal("exit 3", crashed.LastExit.Description);
        Assert.Equal(ServiceStatus.RecentOutputLines, status.RecentOutput.Count);
        // The two streams are separate pipes: only the second's wait orders err-last after every stdout line.
        Assert.Equal(new OutputLine(OutputStream.Stdout, "out7"), status.RecentOutput[0]);
        Assert.Equal(new OutputLine(OutputStream.Stderr, "err-last"), status.RecentOutput[^1]);
        Assert.Contains(new OutputLine(OutputStream.Stdout, "out25"), status.RecentOutput);
    }

    [Fact]
    public async Task Status_KilledBySignal_LastExitNamesTheSignal()
    {
        await _h.StartAsync(_h.Owned("web", "exec sleep 300"));
        var ready = await _h.WaitAsync("web", s => s.State == ServiceState.Ready);

        NativeMethods.KillProcessGroup(ready.Pid!.Value, NativeMethods.SIGKILL);
        var crashed = await _h.WaitAsync("web", s => s.LastExit is not null);

        Assert.Equal("SIGKILL", crashed.LastExit!.Signal);
        Assert.Null(crashed.LastExit.ExitCode);
    }
}
