using System.Diagnostics;
using System.Globalization;
using Hale.Cli.Daemon;
using Hale.Testing;

namespace Hale.Cli.Tests.Daemon;

public sealed class SystemdNotifierTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-notify-").FullName;

    private static string OurPid => Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Ready_PathSocket_SendsReadyAndStatus()
    {
        using var systemd = NotifySocket.AtPath(Path.Combine(_dir, "notify"));
        var notifier = Notifier(systemd);

        var sent = notifier.Ready("Serving 3 checks on 127.0.0.1:8080");

        Assert.True(sent);
        Assert.Equal("READY=1\nSTATUS=Serving 3 checks on 127.0.0.1:8080", await systemd.ReceiveAsync());
    }

    [Fact]
    public async Task Ready_AbstractSocket_SendsToTheNameWithoutTrailingNul()
    {
        var name = $"hale-test-{Guid.NewGuid():N}";
        using var systemd = NotifySocket.Abstract(name);
        var notifier = Notifier(systemd);

        var sent = notifier.Ready("up");

        Assert.True(sent);
        Assert.Equal("READY=1\nSTATUS=up", await systemd.ReceiveAsync());
        Assert.Contains(File.ReadLines("/proc/net/unix"), line => line.EndsWith(" @" + name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_MultiLineText_SentAsOneLine()
    {
        using var systemd = NotifySocket.AtPath(Path.Combine(_dir, "notify"));
        var notifier = Notifier(systemd);

        notifier.Status("db: down\nREADY=1");

        Assert.Equal("STATUS=db: down READY=1", await systemd.ReceiveAsync());
    }

    [Fact]
    public async Task StoppingAndWatchdog_Enabled_SendTheirAssignments()
    {
        using var systemd = NotifySocket.AtPath(Path.Combine(_dir, "notify"));
        var notifier = Notifier(systemd);

        notifier.Stopping();
        var stopping = await systemd.ReceiveAsync();
        notifier.Watchdog();
        var watchdog = await systemd.ReceiveAsync();

        Assert.Equal("STOPPING=1", stopping);
        Assert.Equal("WATCHDOG=1", watchdog);
    }

    [Fact]
    public async Task Reloading_ManualClock_SendsMonotonicMicroseconds()
    {
        using var systemd = NotifySocket.AtPath(Path.Combine(_dir, "notify"));
        var clock = new ManualTimeProvider();
        var notifier = new SystemdNotifier(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = systemd.NotifySocketValue }, clock);
        clock.Advance(TimeSpan.FromMicroseconds(1_500_007));

        notifier.Reloading();

        Assert.Equal("RELOADING=1\nMONOTONIC_USEC=1500007", await systemd.ReceiveAsync());
    }

    [Fact]
    public async Task Reloading_SystemClock_MonotonicUsecIsClockMonotonic()
    {
        using var systemd = NotifySocket.AtPath(Path.Combine(_dir, "notify"));
        var notifier = Notifier(systemd);
        var before = (long)((Int128)Stopwatch.GetTimestamp() * 1_000_000 / Stopwatch.Frequency);

        notifier.Reloading();

        var received = await systemd.ReceiveAsync();
        var after = (long)((Int128)Stopwatch.GetTimestamp() * 1_000_000 / Stopwatch.Frequency);
        var usec = long.Parse(received["RELOADING=1\nMONOTONIC_USEC=".Length..], CultureInfo.InvariantCulture);
        Assert.InRange(usec, before, after);
    }

    [Fact]
    public void Notify_NoNotifySocket_DoesNothingAndReturnsFalse()
    {
        var notifier = new SystemdNotifier(new Dictionary<string, string>());

        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.Ready("up"));
        Assert.False(notifier.Status("up"));
        Assert.False(notifier.Reloading());
        Assert.False(notifier.Stopping());
        Assert.False(notifier.Watchdog());
    }

    [Theory]
    [InlineData("")]
    [InlineData("@")]
    [InlineData("run/systemd/notify")]
    public void Constructor_NotAnAbsolutePathOrAbstractName_Disabled(string value)
    {
        var notifier = new SystemdNotifier(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = value });

        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.Watchdog());
    }

    [Fact]
    public void Constructor_PathTooLongForASocket_Disabled()
    {
        var notifier = new SystemdNotifier(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = "/" + new string('x', 200) });

        Assert.False(notifier.IsEnabled);
    }

    [Fact]
    public void Notify_NobodyListening_ReturnsFalseWithoutThrowing()
    {
        var notifier = new SystemdNotifier(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = Path.Combine(_dir, "gone") });

        Assert.True(notifier.IsEnabled);
        Assert.False(notifier.Ready("up"));
        Assert.False(notifier.Watchdog());
    }

    [Fact]
    public void WatchdogInterval_WatchdogUsec_IsThatInterval()
    {
        var notifier = new SystemdNotifier(new Dictionary<string, string> { ["WATCHDOG_USEC"] = "30000000" });

        Assert.Equal(TimeSpan.FromSeconds(30), notifier.WatchdogInterval);
    }

    [Fact]
    public void WatchdogInterval_WatchdogPidIsOurs_IsThatInterval()
    {
        var notifier = new SystemdNotifier(new Dictionary<string, string> { ["WATCHDOG_USEC"] = "2500", ["WATCHDOG_PID"] = OurPid });

        Assert.Equal(TimeSpan.FromMicroseconds(2500), notifier.WatchdogInterval);
    }

    [Theory]
    [InlineData("30000000", "1")]
    [InlineData("30000000", "not a pid")]
    [InlineData("0", null)]
    [InlineData("-5", null)]
    [InlineData("30s", null)]
    [InlineData("99999999999999999999", null)]
    [InlineData(null, null)]
    public void WatchdogInterval_NoneForUs_Null(string? usec, string? pid)
    {
        var environment = new Dictionary<string, string>();
        if (usec is not null)
        {
            environment["WATCHDOG_USEC"] = usec;
        }

        if (pid is not null)
        {
            environment["WATCHDOG_PID"] = pid;
        }

        var notifier = new SystemdNotifier(environment);

        Assert.Null(notifier.WatchdogInterval);
    }

    [Fact]
    public async Task RunWatchdogAsync_ManualClock_PingsAtOnceThenEveryHalfInterval()
    {
        using var systemd = NotifySocket.AtPath(Path.Combine(_dir, "notify"));
        var clock = new ManualTimeProvider();
        var notifier = new SystemdNotifier(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = systemd.NotifySocketValue, ["WATCHDOG_USEC"] = "10000000" });
        using var stop = new CancellationTokenSource();

        var run = notifier.RunWatchdogAsync(clock, stop.Token);
        var first = await systemd.ReceiveAsync();
        clock.Advance(TimeSpan.FromMilliseconds(4999));
        var earlyPing = !systemd.NothingWithin(TimeSpan.FromMilliseconds(200));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = await systemd.ReceiveAsync();
        clock.Advance(TimeSpan.FromSeconds(5));
        var third = await systemd.ReceiveAsync();
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("WATCHDOG=1", first);
        Assert.False(earlyPing);
        Assert.Equal("WATCHDOG=1", second);
        Assert.Equal("WATCHDOG=1", third);
        Assert.True(run.IsCompletedSuccessfully);
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public async Task RunWatchdogAsync_NoWatchdog_CompletesAtOnceWithoutPinging()
    {
        using var systemd = NotifySocket.AtPath(Path.Combine(_dir, "notify"));
        var notifier = Notifier(systemd);

        await notifier.RunWatchdogAsync(new ManualTimeProvider(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(systemd.NothingWithin(TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task FromProcessEnvironment_SystemdVariables_ReadThenRemovedFromTheEnvironment()
    {
        using var systemd = NotifySocket.AtPath(Path.Combine(_dir, "notify"));
        Environment.SetEnvironmentVariable("NOTIFY_SOCKET", systemd.NotifySocketValue);
        Environment.SetEnvironmentVariable("WATCHDOG_USEC", "20000000");
        Environment.SetEnvironmentVariable("WATCHDOG_PID", OurPid);
        SystemdNotifier notifier;
        try
        {
            notifier = SystemdNotifier.FromProcessEnvironment();
        }
        finally
        {
            var left = new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID" }.Where(n => Environment.GetEnvironmentVariable(n) is not null).ToList();
            left.ForEach(n => Environment.SetEnvironmentVariable(n, null));
            Assert.Empty(left);
        }

        notifier.Status("read");

        Assert.Equal("STATUS=read", await systemd.ReceiveAsync());
        Assert.Equal(TimeSpan.FromSeconds(20), notifier.WatchdogInterval);
    }

    private static SystemdNotifier Notifier(NotifySocket systemd) =>
        new(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = systemd.NotifySocketValue });
}
