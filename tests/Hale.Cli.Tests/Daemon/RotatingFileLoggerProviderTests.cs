using System.Text.RegularExpressions;
using Hale.Cli.Daemon;
using Hale.Testing;
using Microsoft.Extensions.Logging;

namespace Hale.Cli.Tests.Daemon;

public sealed partial class RotatingFileLoggerProviderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-log-").FullName;

    private string LogPath => Path.Combine(_dir, "hale.log");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Log_ThroughLoggerFactory_WritesHaleLineAtTheClocksTime()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 0, 2, 49, 106, TimeSpan.Zero));
        using (var factory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Information)
            .AddRotatingFile(new RotatingFileLoggerOptions { Path = LogPath, TimeProvider = clock })))
        {
            var logger = factory.CreateLogger("Hale");
            logger.LogDebug("filtered out");
            logger.Log(LogLevel.Information, new EventId(3), "Hale {Version} running", "0.1.0");
            clock.Advance(TimeSpan.FromMilliseconds(1500));
            logger.LogWarning("later");
        }

        Assert.Equal(
            "2026-11-21T00:02:49.106Z info: Hale[3] Hale 0.1.0 running\n2026-11-21T00:02:50.606Z warn: Hale[0] later\n",
            File.ReadAllText(LogPath));
    }

    [Fact]
    public void Dispose_LoggerFactory_ClosesTheFile()
    {
        var factory = LoggerFactory.Create(logging => logging.AddRotatingFile(new RotatingFileLoggerOptions { Path = LogPath }));
        var logger = factory.CreateLogger("Hale");
        logger.LogInformation("before");

        factory.Dispose();
        logger.LogInformation("after");

        Assert.EndsWith("info: Hale[0] before\n", File.ReadAllText(LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_ConcurrentWritersAcrossRotations_EveryLineWholeAndKeptOnce()
    {
        const int Writers = 8;
        const int LinesEach = 500;
        using (var provider = new RotatingFileLoggerProvider(new RotatingFileLoggerOptions { Path = LogPath, MaxBytes = 8 * 1024, Backups = 1000 }))
        {
            using var start = new Barrier(Writers);
            var tasks = Enumerable.Range(0, Writers).Select(w => Task.Factory.StartNew(
                () =>
                {
                    var logger = provider.CreateLogger($"Writer{w}");
                    start.SignalAndWait();
                    for (var i = 0; i < LinesEach; i++)
                    {
                        logger.LogInformation("writer {Writer} line {Line} {Padding}", w, i, new string('x', i % 50));
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default));
            await Task.WhenAll(tasks);
        }

        var files = Directory.GetFiles(_dir);
        var lines = files.SelectMany(File.ReadAllLines).ToList();
        Assert.True(files.Length > 10, $"only {files.Length} files: rotation did not run under load");
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 8 * 1024, f));
        Assert.All(files, f => Assert.EndsWith("\n", File.ReadAllText(f), StringComparison.Ordinal));
        Assert.All(lines, line => Assert.Matches(WholeLine(), line));
        Assert.Equal(Writers * LinesEach, lines.Distinct().Count());
        Assert.Equal(Writers * LinesEach, lines.Count);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info: Writer(\d)\[0\] writer \1 line \d+ x*$")]
    private static partial Regex WholeLine();
}
