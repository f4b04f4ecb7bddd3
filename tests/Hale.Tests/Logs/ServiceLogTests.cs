using Hale.Logs;
using Hale.Processes;
using Hale.Services;
using Hale.Testing;
using Hale.Tests.Services;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hale.Tests.Logs;

public sealed class ServiceLogTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-service-log-").FullName;
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 3, 6, 45, 123, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Add_MoreLinesThanTheRing_TailHasTheNewestWithTimeAndStream()
    {
        await using var log = new ServiceLog("web", new ServiceLogOptions { Lines = 3 }, _time, NullLogger.Instance);

        for (var i = 1; i <= 5; i++)
        {
            log.Add(new OutputLine(i % 2 == 0 ? OutputStream.Stderr : OutputStream.Stdout, $"line {i}"));
        }

        var tail = log.Tail(10);
        Assert.Equal(["line 3", "line 4", "line 5"], tail.Select(l => l.Text));
        Assert.Equal([OutputStream.Stdout, OutputStream.Stderr, OutputStream.Stdout], tail.Select(l => l.Stream));
        Assert.All(tail, l => Assert.Equal(_time.GetUtcNow(), l.At));
    }

    [Fact]
    public async Task Add_ControlCharacters_EscapedNotKept()
    {
        await using var log = new ServiceLog("web", ServiceLogOptions.Default, _time, NullLogger.Instance);

        log.Add(new OutputLine(OutputStream.Stdout, "a\u001b[31mred\tb\rc"));

        Assert.Equal("a\\x1b[31mred\\tb\\rc", Assert.Single(log.Tail(1)).Text);
    }

    [Fact]
    public async Task Tail_StreamGiven_OnlyThatStreamsNewestLines()
    {
        await using var log = new ServiceLog("web", ServiceLogOptions.Default, _time, NullLogger.Instance);
        for (var i = 1; i <= 6; i++)
        {
            log.Add(new OutputLine(i <= 2 ? OutputStream.Stderr : OutputStream.Stdout, $"line {i}"));
        }

        Assert.Equal(["line 1", "line 2"], log.Tail(5, OutputStream.Stderr).Select(l => l.Text));
        Assert.Equal(["line 5", "line 6"], log.Tail(2, OutputStream.Stdout).Select(l => l.Text));
    }

    [Fact]
    public async Task Follow_LinesBeforeAndAfter_BacklogThenEveryNewLineOnce()
    {
        await using var log = new ServiceLog("web", ServiceLogOptions.Default, _time, NullLogger.Instance);
        log.Add(new OutputLine(OutputStream.Stdout, "old 1"));
        log.Add(new OutputLine(OutputStream.Stdout, "old 2"));

        using var follower = log.Follow(1);
        log.Add(new OutputLine(OutputStream.Stdout, "new 1"));
        log.Add(new OutputLine(OutputStream.Stderr, "new 2"));

        Assert.Equal(["old 2"], follower.Backlog.Select(l => l.Text));
        Assert.True(follower.Lines.TryRead(out var first));
        Assert.True(follower.Lines.TryRead(out var second));
        Assert.Equal(("new 1", "new 2"), (first.Text, second.Text));
        Assert.False(follower.Lines.TryRead(out _));
    }

    [Fact]
    public async Task Follow_Stderr_SeesOnlyStderrLines()
    {
        await using var log = new ServiceLog("web", ServiceLogOptions.Default, _time, NullLogger.Instance);
        using var follower = log.Follow(0, OutputStream.Stderr);

        log.Add(new OutputLine(OutputStream.Stdout, "out"));
        log.Add(new OutputLine(OutputStream.Stderr, "err"));

        Assert.True(follower.Lines.TryRead(out var line));
        Assert.Equal("err", line.Text);
        Assert.False(follower.Lines.TryRead(out _));
    }

    [Fact]
    public async Task Follow_ReaderNeverReads_AddNeverWaitsAndTheExcessIsCounted()
    {
        await using var log = new ServiceLog("web", ServiceLogOptions.Default, _time, NullLogger.Instance);
        using var follower = log.Follow(0);

        for (var i = 0; i < ServiceLogFollower.Capacity + 25; i++)
        {
            log.Add(new OutputLine(OutputStream.Stdout, "x"));
        }

        Assert.Equal(25, follower.TakeDropped());
        Assert.Equal(0, follower.TakeDropped());
        Assert.Equal(ServiceLogFollower.Capacity, follower.Lines.Count);
    }

    [Fact]
    public async Task Follow_Disposed_NoLongerFed()
    {
        await using var log = new ServiceLog("web", ServiceLogOptions.Default, _time, NullLogger.Instance);
        var follower = log.Follow(0);

        follower.Dispose();
        log.Add(new OutputLine(OutputStream.Stdout, "late"));

        Assert.True(follower.Lines.Completion.IsCompleted);
        Assert.Equal(0, follower.TakeDropped());
    }

    [Fact]
    public async Task DisposeAsync_Following_LinesCompleteAndLaterLinesIgnored()
    {
        var log = new ServiceLog("web", ServiceLogOptions.Default, _time, NullLogger.Instance);
        var follower = log.Follow(0);

        await log.DisposeAsync();
        log.Add(new OutputLine(OutputStream.Stdout, "after"));

        await follower.Lines.Completion.WaitAsync(Patience);
        Assert.Empty(log.Tail(10));
        Assert.True(log.Follow(5).Lines.Completion.IsCompleted);
    }

    [Fact]
    public async Task Apply_FewerLines_KeepsTheNewest()
    {
        await using var log = new ServiceLog("web", ServiceLogOptions.Default, _time, NullLogger.Instance);
        for (var i = 1; i <= 10; i++)
        {
            log.Add(new OutputLine(OutputStream.Stdout, $"line {i}"));
        }

        log.Apply(new ServiceLogOptions { Lines = 2 });
        log.Add(new OutputLine(OutputStream.Stdout, "line 11"));

        Assert.Equal(["line 10", "line 11"], log.Tail(100).Select(l => l.Text));
    }

    [Fact]
    public async Task Add_WithFile_EachLineStampedWithItsStream()
    {
        var file = Path.Combine(_dir, "logs", "web.log");
        var log = new ServiceLog("web", new ServiceLogOptions { File = file }, _time, NullLogger.Instance);

        log.Add(new OutputLine(OutputStream.Stdout, "listening"));
        log.Add(new OutputLine(OutputStream.Stderr, "warning: slow"));
        await log.DisposeAsync();

        Assert.Equal(
            "2026-12-01T03:06:45.123Z stdout listening\n2026-12-01T03:06:45.123Z stderr warning: slow\n",
            await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task Add_WithStderrFile_StreamsSplit()
    {
        var file = Path.Combine(_dir, "web.log");
        var errors = Path.Combine(_dir, "web.err");
        var log = new ServiceLog("web", new ServiceLogOptions { File = file, StderrFile = errors }, _time, NullLogger.Instance);

        log.Add(new OutputLine(OutputStream.Stdout, "out"));
        log.Add(new OutputLine(OutputStream.Stderr, "err"));
        await log.DisposeAsync();

        Assert.EndsWith(" stdout out\n", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Assert.EndsWith(" stderr err\n", await File.ReadAllTextAsync(errors), StringComparison.Ordinal);
        Assert.Single(await File.ReadAllLinesAsync(file));
        Assert.Single(await File.ReadAllLinesAsync(errors));
    }

    [Fact]
    public async Task Add_SmallMaxSize_RotatesAndKeepsTheNewestFiles()
    {
        var file = Path.Combine(_dir, "web.log");
        var lineBytes = new ServiceLogLine(_time.GetUtcNow(), OutputStream.Stdout, "line 1").ToFileLine().Length;
        var log = new ServiceLog("web", new ServiceLogOptions { File = file, MaxBytes = lineBytes * 2, Keep = 2 }, _time, NullLogger.Instance);

        for (var i = 1; i <= 9; i++)
        {
            log.Add(new OutputLine(OutputStream.Stdout, $"line {i}"));
        }

        await log.DisposeAsync();
        Assert.Equal(["line 9"], Texts(file));
        Assert.Equal(["line 7", "line 8"], Texts(file + ".1"));
        Assert.Equal(["line 5", "line 6"], Texts(file + ".2"));
        Assert.False(File.Exists(file + ".3"));
        Assert.Equal(3, Directory.GetFiles(_dir).Length);
    }

    [Fact]
    public async Task Add_FileCannotBeCreated_ReportedOnceAndTheRingStillFilled()
    {
        // A regular file where a directory should be: no one may create the log file, not even root.
        var blocker = Path.Combine(_dir, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "x");
        var logs = new RecordingLoggerFactory();
        var log = new ServiceLog("web", new ServiceLogOptions { File = Path.Combine(blocker, "web.log") }, _time, logs.CreateLogger("test"));

        log.Add(new OutputLine(OutputStream.Stdout, "one"));
        log.Add(new OutputLine(OutputStream.Stdout, "two"));
        await log.DisposeAsync();

        Assert.Equal(["one", "two"], log.Tail(10).Select(l => l.Text));
        var failure = Assert.Single(logs.Entries, e => e.EventId == 2800);
        Assert.Contains("cannot write its log file", failure.Message, StringComparison.Ordinal);
    }

    private static string[] Texts(string path) =>
        [.. File.ReadAllLines(path).Select(l => l.Split(' ', 3)[2])];
}
