using Hale.Cli.Daemon;
using Hale.Testing;
using Microsoft.Extensions.Logging;

namespace Hale.Cli.Tests.Daemon;

public sealed class ProcessLogFilesProviderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-plog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Log_EventsAboutEachProcess_GoToItsOwnFileAndOthersToNone()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 0, 2, 49, 106, TimeSpan.Zero));
        var logs = Path.Combine(_dir, "logs");
        using (var provider = new ProcessLogFilesProvider(logs, ["Ostro", "Allegro"], clock))
        using (var factory = LoggerFactory.Create(logging => logging.AddProvider(provider)))
        {
            var groups = factory.CreateLogger("Hale.Groups");
            var services = factory.CreateLogger("Hale.Services");
            groups.Log(LogLevel.Information, new EventId(1042), "Group {Group}: {Verb} {Host}", "Ostro", "start", "Host_A");
            groups.Log(LogLevel.Critical, new EventId(1044), "Group {Group}: {Reason}", "Other", "held");
            services.Log(LogLevel.Information, new EventId(2000), "Service {Service} is now {State}", "Allegro", "Running");
            services.Log(LogLevel.Information, new EventId(1001), "Check {Component} is now {State}", "Allegro.alive", "Fail");
            services.LogInformation("Hale running {File}", "ha_valet.cfg");
        }

        Assert.Equal(
            "2026-11-21T00:02:49.106Z info: Hale.Groups[1042] Group Ostro: start Host_A\n",
            File.ReadAllText(Path.Combine(logs, "Ostro.log")));
        Assert.Equal(
            "2026-11-21T00:02:49.106Z info: Hale.Services[2000] Service Allegro is now Running\n" +
            "2026-11-21T00:02:49.106Z info: Hale.Services[1001] Check Allegro.alive is now Fail\n",
            File.ReadAllText(Path.Combine(logs, "Allegro.log")));
        Assert.Equal(["Allegro.log", "Ostro.log"], Directory.GetFiles(logs).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Ostro", "Ostro.log")]
    [InlineData("a/b c", "a_b_c.log")]
    [InlineData("..", "_...log")]
    [InlineData("", "_.log")]
    public void FileName_ProcessName_IsASafeFileName(string name, string expected) =>
        Assert.Equal(expected, ProcessLogFilesProvider.FileName(name));
}
