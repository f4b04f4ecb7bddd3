using Hale.Probes;
using Hale.Services;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hale.Tests.Services;

/// <summary>The one-shot pass with real start commands and real liveness tests.</summary>
public sealed class OncePassTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-once-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RunAsync_DependencyHasHigherOrder_StartedBeforeItsDependent()
    {
        var app = Daemon("app") with { Order = 1, DependsOn = [new ServiceDependency("db")] };
        var db = Daemon("db") with { Order = 2 };

        var pass = await OncePass.RunAsync([app, db], TimeProvider.System, NullLogger.Instance);

        Assert.Empty(pass.NotStarted);
        Assert.True(pass.Alive["app"] && pass.Alive["db"]);
        Assert.True(File.Exists(Path.Combine(_dir, "app")));
        Assert.True(File.Exists(Path.Combine(_dir, "db")));
    }

    private ServiceDefinition Daemon(string name)
    {
        var marker = Path.Combine(_dir, name);
        return new ServiceDefinition
        {
            Name = name,
            StartCommand = $"touch {marker}",
            Alive = new CommandCheck($"test -e {marker}", TimeSpan.FromSeconds(10), TimeProvider.System),
        };
    }
}
