using Hale.Cli.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Hale.Cli.Tests.Daemon;

public sealed class LogLineFormatterTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 0, 2, 49, 106, TimeSpan.Zero);

    [Fact]
    public void Format_Information_OneLineWithUtcMillisecondsLevelCategoryAndEventId()
    {
        var line = LogLineFormatter.Format(At, LogLevel.Information, "Hale.Hosting.HealthCheckServer", new EventId(1000), "Serving 3 components", null);

        Assert.Equal("2026-11-21T00:02:49.106Z info: Hale.Hosting.HealthCheckServer[1000] Serving 3 components\n", line);
    }

    [Fact]
    public void Format_NonUtcTimestamp_WrittenInUtc()
    {
        var local = new DateTimeOffset(2026, 11, 21, 2, 2, 49, 106, TimeSpan.FromHours(2));

        var line = LogLineFormatter.Format(local, LogLevel.Warning, "Hale", default, "x", null);

        Assert.StartsWith("2026-11-21T00:02:49.106Z warn: Hale[0] x", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LogLevel.Trace, "trce")]
    [InlineData(LogLevel.Debug, "dbug")]
    [InlineData(LogLevel.Information, "info")]
    [InlineData(LogLevel.Warning, "warn")]
    [InlineData(LogLevel.Error, "fail")]
    [InlineData(LogLevel.Critical, "crit")]
    public void Format_Level_ConsoleAbbreviation(LogLevel level, string text)
    {
        var line = LogLineFormatter.Format(At, level, "Hale", default, "x", null);

        Assert.Equal($"2026-11-21T00:02:49.106Z {text}: Hale[0] x\n", line);
    }

    [Fact]
    public void Format_MultiLineMessage_StaysOnOneLineWithBreaksEscaped()
    {
        var line = LogLineFormatter.Format(At, LogLevel.Information, "Hale", default, "first\nsecond\r\nthird", null);

        Assert.Equal("2026-11-21T00:02:49.106Z info: Hale[0] first\\nsecond\\r\\nthird\n", line);
    }

    [Fact]
    public void Format_ControlCharactersAndUrlSecrets_EscapedAndRedacted()
    {
        var line = LogLineFormatter.Format(At, LogLevel.Warning, "Hale.Http", new EventId(1003), "invalid credentials for user 'ad\u001b[31mmin\u000b' from https://u:pw@h/x?apikey=k", null);

        Assert.Equal("2026-11-21T00:02:49.106Z warn: Hale.Http[1003] invalid credentials for user 'ad\\x1b[31mmin\\x0b' from https://***@h/x?***\n", line);
    }

    [Fact]
    public void Format_Exception_FollowsOnItsOwnLines()
    {
        var exception = Thrown(new InvalidOperationException("boom"));

        var text = LogLineFormatter.Format(At, LogLevel.Error, "Hale", new EventId(7), "Reaction failed", exception);

        var lines = text.Split('\n');
        Assert.Equal("2026-11-21T00:02:49.106Z fail: Hale[7] Reaction failed", lines[0]);
        Assert.Equal("System.InvalidOperationException: boom", lines[1]);
        Assert.StartsWith("   at ", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Equal(exception.ToString(), string.Join('\n', lines[1..^1]));
    }

    [Fact]
    public void Format_AfterTheTimestamp_SameAsHaleConsoleLine()
    {
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                console.ColorBehavior = LoggerColorBehavior.Disabled;
            }))
            .BuildServiceProvider();
        var console = services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Simple);
        using var consoleText = new StringWriter();
        var entry = new LogEntry<string>(LogLevel.Warning, "Hale.Checks", new EventId(1002), "POST /db: armed by ops", null, (s, _) => s);

        console.Write(in entry, null, consoleText);
        var file = LogLineFormatter.Format(At, LogLevel.Warning, "Hale.Checks", new EventId(1002), "POST /db: armed by ops", null);

        var consoleLine = consoleText.ToString();
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ", consoleLine);
        Assert.Equal(consoleLine[consoleLine.IndexOf(' ', StringComparison.Ordinal)..], file[file.IndexOf(' ', StringComparison.Ordinal)..]);
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }
}
