using Hale.Cli.Daemon;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hale.Cli.Tests.Daemon;

public sealed class StartupMemoryTrimTests
{
    [Fact]
    public async Task RunAsync_Cancelled_ReturnsWithoutThrowing()
    {
        using var stop = new CancellationTokenSource();
        var trim = StartupMemoryTrim.RunAsync(TimeSpan.FromHours(1), TimeProvider.System, NullLogger.Instance, stop.Token);

        await stop.CancelAsync();

        await trim.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(trim.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunAsync_AfterTheDelay_CollectsAndLogsTheResidentSizeBeforeAndAfter()
    {
        var logger = new LinesLogger();
        var collections = GC.CollectionCount(GC.MaxGeneration);

        await StartupMemoryTrim.RunAsync(TimeSpan.Zero, TimeProvider.System, logger, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(GC.CollectionCount(GC.MaxGeneration) > collections);
        Assert.Matches("^Start-up memory trimmed: resident [1-9][0-9]* kB -> [1-9][0-9]* kB$", Assert.Single(logger.Lines));
    }

    private sealed class LinesLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
