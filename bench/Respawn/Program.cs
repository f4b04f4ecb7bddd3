// Respawn latency of Hale's supervisor: kill -9 an owned child N times (initial backoff 0) and measure, per kill,
// the time to the new child's exec (it writes a nanosecond timestamp first thing) and to Ready. Usage: Respawn [N]
using System.Globalization;
using Hale.Processes;
using Hale.Services;

var kills = int.Parse(args.FirstOrDefault() ?? "50", CultureInfo.InvariantCulture);
var dir = Directory.CreateTempSubdirectory("hale-respawn-").FullName;
var stamp = Path.Combine(dir, "exec.ns");
var service = new ServiceDefinition
{
    Name = "victim",
    Run = new ProcessSpec { CommandLine = $"date +%s%N > {stamp}.tmp && mv {stamp}.tmp {stamp}; exec sleep 3000", Owner = "hale-bench" },
    Restart = new RestartPolicy { BackoffInitial = TimeSpan.Zero, StartWindow = TimeSpan.Zero, Limit = new StartLimit(100_000, TimeSpan.FromSeconds(1), null) },
};

await using var supervisor = new Supervisor([service], new SupervisorOptions { Owner = "hale-bench" });
var ready = new SemaphoreSlim(0);
supervisor.StatusChanged += s =>
{
    if (s.State == ServiceState.Ready)
    {
        ready.Release();
    }
};
await supervisor.StartAsync();
await ready.WaitAsync();

var toExec = new List<double>();
var toReady = new List<double>();
for (var i = 0; i < kills; i++)
{
    var pid = supervisor.GetStatus("victim")!.Pid!.Value;
    File.Delete(stamp);
    while (ready.CurrentCount > 0)
    {
        await ready.WaitAsync();
    }

    var killedNs = UnixNanoseconds();
    System.Diagnostics.Process.GetProcessById(pid).Kill();
    await ready.WaitAsync();
    var readyNs = UnixNanoseconds();
    while (!File.Exists(stamp))
    {
        await Task.Delay(1);
    }

    var execNs = long.Parse(File.ReadAllText(stamp).Trim(), CultureInfo.InvariantCulture);
    toExec.Add((execNs - killedNs) / 1e6);
    toReady.Add((readyNs - killedNs) / 1e6);
}

await supervisor.StopAsync();
Directory.Delete(dir, recursive: true);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kills {kills}; kill -> new child's exec: median {Percentile(toExec, 50):0.0} ms, p95 {Percentile(toExec, 95):0.0} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kills {kills}; kill -> Ready:            median {Percentile(toReady, 50):0.0} ms, p95 {Percentile(toReady, 95):0.0} ms"));
return 0;

static long UnixNanoseconds() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;

static double Percentile(List<double> values, int p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
