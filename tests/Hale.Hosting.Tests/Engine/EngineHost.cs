using System.Net;
using Hale.Config;
using Hale.Hosting;
using Hale.Testing;

namespace Hale.Hosting.Tests.Engine;

/// <summary>
/// A <see cref="HaleEngine"/> run from YAML text in a temporary folder, listening on a free loopback port, with an HTTP
/// client; stopped and its folder deleted on dispose.
/// </summary>
internal sealed class EngineHost : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private EngineHost(string folder, HaleEngine engine)
    {
        Folder = folder;
        Engine = engine;
    }

    public string Folder { get; }

    public HaleEngine Engine { get; }

    public string ConfigPath => Path.Combine(Folder, "hale.yaml");

    /// <summary>Starts an engine on <paramref name="yaml"/>, in which <c>{folder}</c> stands for the temporary folder.</summary>
    public static async Task<EngineHost> StartAsync(string yaml, HaleEngineOptions? options = null)
    {
        var folder = Directory.CreateTempSubdirectory("hale-engine-").FullName;
        var engine = new HaleEngine(Load(folder, yaml), options);
        await engine.StartAsync();
        return new EngineHost(folder, engine);
    }

    public HaleConfiguration Load(string yaml) => Load(Folder, yaml);

    public Task<HaleReloadResult> ApplyAsync(string yaml) => Engine.ApplyAsync(Load(yaml));

    /// <summary>GET on the engine's first bound address; 0 when the connection is refused.</summary>
    public async Task<int> GetStatusAsync(string path, int? port = null)
    {
        var target = port ?? Engine.BoundEndPoints[0].Port;
        using var client = new HttpClient { Timeout = Deadline };
        try
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{target}/{path}"));
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Deadline, $"not within {Deadline.TotalSeconds} s: {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Deadline, $"not within {Deadline.TotalSeconds} s: {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static HaleConfiguration Load(string folder, string yaml)
    {
        var path = Path.Combine(folder, "hale.yaml");
        var text = yaml.Replace("{folder}", folder, StringComparison.Ordinal);
        File.WriteAllText(path, text);
        return HaleConfigLoader.Load(path);
    }
}
