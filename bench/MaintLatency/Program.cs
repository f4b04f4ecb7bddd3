// Kill a service's process N times and measure the time until its HAProxy server shows MAINT in `show servers state`
// (polled tightly), (a) under Hale's own supervision and (b) under supervisord with `hale supervisor-haproxy` as its
// event listener, and (c) with HALE_DLL given, a `hale run` process of that build supervising the service.
// Usage: MaintLatency HALE [N] [--process]: HALE is a hale.dll (run with dotnet) or a native hale (NativeAOT, run as is);
// --process adds (c).
using System.Diagnostics;
using System.Globalization;
using Hale.HAProxy;
using Hale.LoadBalancers;
using Hale.Processes;
using Hale.Services;
using Hale.Testing.Peers;

var haleDll = Path.GetFullPath(args[0]);
var kills = int.Parse(args.ElementAtOrDefault(1) ?? "50", CultureInfo.InvariantCulture);
var process = args.Contains("--process");
var s1 = new ServerAddress("be_app", "s1");

using (var haproxy = await RealHAProxy.StartAsync())
{
    var hale = await MeasureHaleAsync(haproxy, s1, kills);
    Console.WriteLine(Line("hale run (own supervision)", hale));
}

if (process)
{
    using var haproxy = await RealHAProxy.StartAsync();
    var run = await MeasureHaleRunAsync(haproxy, s1, kills, haleDll);
    Console.WriteLine(Line($"hale run process ({Path.GetFileName(haleDll)})", run));
}

using (var haproxy = await RealHAProxy.StartAsync())
{
    var supervisord = await MeasureSupervisordAsync(haproxy, s1, kills, haleDll);
    Console.WriteLine(Line("supervisord + hale supervisor-haproxy", supervisord));
}

return 0;

static async Task<List<double>> MeasureHaleAsync(RealHAProxy haproxy, ServerAddress server, int kills)
{
    var owner = "hale-bench-" + Environment.ProcessId;
    var balancer = new BalancerDefinition { Name = "main", Socket = haproxy.Unix.Text };
    await using var bindings = LoadBalancerBindings.Create(
        [balancer], [new LoadBalancerBinding(BindingSource.Service, "web", "main", server)],
        d => new HAProxyRuntimeClient(HAProxyEndpoint.Parse(d.Socket), d.Timeout, TimeProvider.System, d.Name), null, TimeProvider.System);
    var web = new ServiceDefinition
    {
        Name = "web",
        Run = new ProcessSpec { CommandLine = "exec sleep 3000", Owner = owner },
        Restart = new RestartPolicy { BackoffInitial = TimeSpan.FromMilliseconds(300), StartWindow = TimeSpan.FromMilliseconds(100), ResetAfter = TimeSpan.FromMilliseconds(200), Limit = new StartLimit(1000, TimeSpan.FromSeconds(1), null) },
    };
    await using var supervisor = new Supervisor(bindings.WithDrainHooks([web]), new SupervisorOptions { Owner = owner });
    bindings.Attach(supervisor, []);
    await supervisor.StartAsync();
    var samples = new List<double>();
    for (var i = 0; i < kills; i++)
    {
        await WaitAsync(haproxy, server, ServerAdminState.Ready);
        await Task.Delay(250); // past reset_after, so every kill starts from the initial backoff
        var pid = supervisor.GetStatus("web")!.Pid!.Value;
        var clock = Stopwatch.StartNew();
        Process.GetProcessById(pid).Kill();
        samples.Add(await WaitAsync(haproxy, server, ServerAdminState.Maint, clock));
    }

    await supervisor.StopAsync();
    return samples;
}

static async Task<List<double>> MeasureHaleRunAsync(RealHAProxy haproxy, ServerAddress server, int kills, string hale)
{
    var dir = Directory.CreateTempSubdirectory("hale-maint-run-").FullName;
    var pidFile = Path.Combine(dir, "web.pid");
    var config = Path.Combine(dir, "hale.yaml");
    await File.WriteAllTextAsync(config, $$"""
        http: { listen: "127.0.0.1:18097" }
        state_dir: {{dir}}/state
        haproxy:
          main: { socket: "{{haproxy.Unix.Text}}" }
        services:
          web:
            run: "echo $$ > {{pidFile}}.tmp && mv {{pidFile}}.tmp {{pidFile}}; exec sleep 3000"
            restart: { backoff: { initial: 300ms }, start_window: 100ms, reset_after: 200ms, limit: { starts: 1000, within: 1s } }
            haproxy: [ "main:{{server.Backend}}/{{server.Server}}" ]
        """);
    var info = hale.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") { ArgumentList = { hale } } : new ProcessStartInfo(hale);
    foreach (var arg in new[] { "run", "-c", config, "--log-level", "warning" })
    {
        info.ArgumentList.Add(arg);
    }

    info.RedirectStandardError = true;
    using var daemon = Process.Start(info)!;
    daemon.ErrorDataReceived += (_, _) => { };
    daemon.BeginErrorReadLine();
    var samples = new List<double>();
    try
    {
        for (var i = 0; i < kills; i++)
        {
            await WaitAsync(haproxy, server, ServerAdminState.Ready);
            await Task.Delay(250); // past reset_after, so every kill starts from the initial backoff
            var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture);
            var clock = Stopwatch.StartNew();
            Process.GetProcessById(pid).Kill();
            samples.Add(await WaitAsync(haproxy, server, ServerAdminState.Maint, clock));
        }
    }
    finally
    {
        Process.Start("kill", ["-TERM", daemon.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        await daemon.WaitForExitAsync();
        Directory.Delete(dir, recursive: true);
    }

    return samples;
}

static async Task<List<double>> MeasureSupervisordAsync(RealHAProxy haproxy, ServerAddress server, int kills, string haleDll)
{
    using var supervisord = await RealSupervisord.StartAsync(haproxy.Unix.Text, $"web:{server}", haleDll);
    var samples = new List<double>();
    for (var i = 0; i < kills; i++)
    {
        await WaitAsync(haproxy, server, ServerAdminState.Ready);
        var pid = await SupervisordPidAsync(supervisord);
        var clock = Stopwatch.StartNew();
        Process.GetProcessById(pid).Kill();
        samples.Add(await WaitAsync(haproxy, server, ServerAdminState.Maint, clock));
    }

    return samples;
}

static async Task<int> SupervisordPidAsync(RealSupervisord supervisord)
{
    for (var i = 0; i < 500; i++)
    {
        var text = (await supervisord.CtlAsync("pid", "web")).Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0)
        {
            return pid;
        }

        await Task.Delay(20);
    }

    throw new TimeoutException("supervisord never reported web's pid");
}

static async Task<double> WaitAsync(RealHAProxy haproxy, ServerAddress server, ServerAdminState wanted, Stopwatch? clock = null)
{
    var client = haproxy.Client(unix: true);
    var deadline = Stopwatch.StartNew();
    while (deadline.Elapsed < TimeSpan.FromSeconds(20))
    {
        var rows = await client.ShowServersStateAsync(server.Backend, CancellationToken.None);
        if (rows.Single(r => r.Address == server).AdminState == wanted)
        {
            return clock?.Elapsed.TotalMilliseconds ?? 0;
        }
    }

    throw new TimeoutException($"{server} never became {wanted}");
}

static string Line(string what, List<double> samples)
{
    var sorted = samples.Order().ToList();
    double P(int p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    return string.Create(CultureInfo.InvariantCulture, $"{what}: kill -> MAINT over {samples.Count} kills: median {P(50):0.0} ms, p95 {P(95):0.0} ms");
}
