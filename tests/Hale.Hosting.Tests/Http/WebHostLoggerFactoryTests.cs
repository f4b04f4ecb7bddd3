using Hale.Hosting.Tests.Engine;
using Hale.Testing;

namespace Hale.Hosting.Tests.Http;

public class WebHostLoggerFactoryTests
{
    [Fact]
    public async Task Requests_LoggerFactoryEnabledAtEveryLevel_NoPerRequestHostingLinesButHalesOwn()
    {
        var logs = new RecordingLoggerFactory();
        await using var host = await EngineHost.StartAsync(
            $"http: {{ listen: 127.0.0.1:{Loopback.FreePort()} }}\nstate_dir: {{folder}}/state\nchecks:\n  up: {{ oneshot: {{ default: ok }} }}\n",
            new HaleEngineOptions { LoggerFactory = logs });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, await host.GetStatusAsync("up"));
        }

        // ASP.NET Core's hosting diagnostics would have logged "Request starting HTTP/1.1 GET …" and "Request finished …".
        Assert.DoesNotContain(logs.Entries, e => e.Message.StartsWith("Request starting", StringComparison.Ordinal)
            || e.Message.StartsWith("Request finished", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.StartsWith("Serving ", StringComparison.Ordinal));
    }
}
