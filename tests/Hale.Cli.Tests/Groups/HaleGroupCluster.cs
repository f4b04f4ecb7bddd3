using System.Globalization;
using System.Text;
using Hale.Testing;
using Hale.Testing.Peers;

namespace Hale.Cli.Tests.Groups;

/// <summary>
/// A <c>coordinator: etcd</c> failover group end to end: a real 3-member etcd cluster on loopback and N real <c>hale</c> processes
/// (nodes <c>n1</c>…, priority = index + 1, group <c>db</c>, service <c>app</c>, check <c>ok</c>) in one temp dir.
/// The service, while it runs, holds <c>flock -n</c> on one shared lock file and appends its node to a violations file when it
/// cannot: an outside observer of "two actives" that needs no clock. Faults: kill, SIGSTOP/SIGCONT or SIGTERM a node's Hale,
/// make a node's check fail, kill its service, and the etcd cluster's own (<see cref="Etcd"/>).
/// </summary>
/// <remarks>
/// Waits have a generous deadline and dump every Hale's log (and etcd's) when it passes; nothing asserts an upper bound on time.
/// <see cref="DisposeAsync"/> stops every Hale (a stopped one is continued first), kills what they owned and the etcd cluster,
/// and deletes the dir. Not thread-safe: one test drives it.
/// </remarks>
internal sealed class HaleGroupCluster : IAsyncDisposable
{
    /// <summary>How long a wait may take before the test fails.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    private readonly HaleProcess?[] _hales;
    private readonly GroupNodeOptions?[] _options;
    private readonly int[] _ports;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private HaleGroupCluster(string directory, RealEtcdCluster etcd, int nodes)
    {
        Directory = directory;
        Etcd = etcd;
        _hales = new HaleProcess?[nodes];
        _options = new GroupNodeOptions?[nodes];
        _ports = [.. Enumerable.Range(0, nodes).Select(_ => Loopback.FreePort())]; // after etcd took its ports
    }

    /// <summary>The temp dir: a folder per node (config, state), the lock, the violations file, the services' files.</summary>
    public string Directory { get; }

    /// <summary>The etcd cluster.</summary>
    public RealEtcdCluster Etcd { get; }

    /// <summary>How many nodes.</summary>
    public int Count => _hales.Length;

    private string Violations => Path.Combine(Directory, "violations");

    private string LockFile => Path.Combine(Directory, "active.lock");

    /// <summary>Starts the etcd cluster (also listening on <paramref name="etcdExtraHosts"/>); no Hale yet.</summary>
    public static async Task<HaleGroupCluster> StartAsync(int nodes = 3, IReadOnlyList<string>? etcdExtraHosts = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("hale-group-").FullName;
        try
        {
            var etcd = await RealEtcdCluster.StartAsync(extraClientHosts: etcdExtraHosts);
            return new HaleGroupCluster(directory, etcd, nodes);
        }
        catch
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Node <paramref name="i"/>'s Hale (the last one started).</summary>
    public HaleProcess Hale(int i) => _hales[i] ?? throw new InvalidOperationException($"n{i + 1} was never started");

    /// <summary>Writes node <paramref name="i"/>'s config and starts its Hale (after disposing the previous one, if any).</summary>
    public HaleProcess StartNode(int i, GroupNodeOptions? options = null)
    {
        options ??= _options[i] ?? new GroupNodeOptions();
        _options[i] = options;
        _hales[i]?.Dispose();
        var config = WriteConfig(i, options);
        var hale = options.Namespace is { } space
            ? HaleProcess.StartWithin(space.ExecPrefix, new Dictionary<string, string>(), "run", "-c", config)
            : HaleProcess.Start("run", "-c", config);
        _hales[i] = hale;
        return hale;
    }

    /// <summary>
    /// Starts n1 and waits until it leads, then the others and waits until they stand by and their groups have seen n1 lead
    /// (past start-up, so that a fault hits a settled group): the leader does not depend on start-up speed.
    /// </summary>
    public async Task StartAllAsync(GroupNodeOptions? options = null)
    {
        StartNode(0, options);
        await WaitForActiveAsync(0);
        for (var i = 1; i < Count; i++)
        {
            StartNode(i, options);
        }

        await WaitUntilAsync(async () => await AllStandByExceptAsync(0), "the others stand by");
        await WaitUntilAsync(
            () => Task.FromResult(Enumerable.Range(1, Count - 1).All(i => Hale(i).Stderr.Contains("standby: n1 leads", StringComparison.Ordinal))),
            "the others' groups see n1 lead");
        await WaitUntilAllSeeEachOtherAsync();
    }

    /// <summary>Waits until every running node lists every running node as a healthy member (a settled group).</summary>
    public async Task WaitUntilAllSeeEachOtherAsync()
    {
        var running = Enumerable.Range(0, Count).Where(i => _hales[i] is { HasExited: false }).ToList();
        foreach (var i in running)
        {
            await WaitUntilAsync(() => SeesHealthyAsync(i, running), $"{Node(i)} sees every member healthy");
        }
    }

    /// <summary>Writes node <paramref name="i"/>'s <c>hale.yaml</c>; its path.</summary>
    public string WriteConfig(int i, GroupNodeOptions options)
    {
        var node = Node(i);
        var dir = Path.Combine(Directory, node);
        System.IO.Directory.CreateDirectory(dir);
        var endpoints = options.Namespace is { } space ? Etcd.EndpointsOn(space.HostAddress) : Etcd.Endpoints;
        var active = ActiveFile(i);
        // While it runs, the service holds the shared lock; when it cannot get it, another member is active: a violation.
        // Its main process (its process group's leader) writes its pid first, for KillService; it exits at once, once, when
        // told to by CrashOnNextStart.
        var crash = CrashFile(i);
        var service = $"if [ -e {crash} ]; then rm -f {crash}; exit 1; fi; echo $$ > {ServicePidFile(i)}; flock -n {LockFile} sh -c 'echo $HALE_FENCING_TOKEN > {active}; trap \"rm -f {active}\" TERM; sleep 1000 & wait' || echo {node} >> {Violations}";
        var lease = options.LeaseTtl is { } ttl ? $", lease_ttl: {ttl}" : string.Empty;
        var timeout = options.CallTimeout is { } t ? $", timeout: {t}" : string.Empty;
        var yaml = new StringBuilder($$"""
            node: {{node}}
            http: { listen: "{{Host(options)}}:{{_ports[i]}}" }
            state_dir: {{Path.Combine(dir, "state")}}
            check_every: 100ms
            etcd: { endpoints: [{{string.Join(", ", endpoints.Select(u => u.ToString().TrimEnd('/')))}}], prefix: /test/{{lease}}{{timeout}} }
            checks:
              ok: { command: "test ! -e {{SickFile(i)}}" }
            services:
              app:
                run: ["/bin/sh", "-c", "{{service.Replace("\"", "\\\"", StringComparison.Ordinal)}}"]
                stop: { timeout: 2s }
                restart: { limit: { starts: {{options.StartLimit}}, within: 150s, then: hold 5m } }
            groups:
              db:
                coordinator: etcd
                priority: {{i + 1}}
                service: app
                healthy: ok
                preempt: { enabled: {{(options.Preempt ? "true" : "false")}}, delay: 1s }

            """);
        AppendCommands(yaml, "promote", options.Promote);
        AppendCommands(yaml, "demote", options.Demote);
        var path = Path.Combine(dir, "hale.yaml");
        File.WriteAllText(path, yaml.ToString());
        return path;
    }

    /// <summary>The path of node <paramref name="i"/>'s <c>hale.yaml</c> (written by <see cref="StartNode"/>).</summary>
    public string ConfigPath(int i) => Path.Combine(Directory, Node(i), "hale.yaml");

    /// <summary>Whether node <paramref name="i"/>'s service ever started (it writes its pid first thing).</summary>
    public bool ServiceEverStarted(int i) => File.Exists(ServicePidFile(i));

    /// <summary>Node <paramref name="i"/>'s name: <c>n1</c>, <c>n2</c>, …</summary>
    public static string Node(int i) => $"n{i + 1}";

    /// <summary>The file node <paramref name="i"/>'s service writes its fencing token to while it runs.</summary>
    public string ActiveFile(int i) => Path.Combine(Directory, $"active-{Node(i)}");

    /// <summary>A file of the node's own, for a test's commands to write (<c>DIR/NAME-nX</c>).</summary>
    public string NodeFile(int i, string name) => Path.Combine(Directory, $"{name}-{Node(i)}");

    /// <summary>The fencing token node <paramref name="i"/>'s service was last started with.</summary>
    public long Token(int i) => long.Parse(File.ReadAllText(ActiveFile(i)).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Makes node <paramref name="i"/>'s <c>ok</c> check fail (<paramref name="sick"/>) or pass again.</summary>
    public void SetSick(int i, bool sick)
    {
        if (sick)
        {
            File.WriteAllText(SickFile(i), string.Empty);
        }
        else
        {
            File.Delete(SickFile(i));
        }
    }

    /// <summary>Makes node <paramref name="i"/>'s service exit 1 at once the next time it starts (once).</summary>
    public void CrashOnNextStart(int i) => File.WriteAllText(CrashFile(i), string.Empty);

    /// <summary>SIGKILLs node <paramref name="i"/>'s Hale and waits until it is gone.</summary>
    public async Task KillAsync(int i)
    {
        var hale = Hale(i);
        hale.Signal(9); // a stopped process dies of it too
        await hale.WaitForExitAsync(Deadline);
    }

    /// <summary>SIGTERMs node <paramref name="i"/>'s Hale (a clean stop) and waits until it has exited.</summary>
    public async Task TerminateAsync(int i)
    {
        Hale(i).Signal(15);
        await Hale(i).WaitForExitAsync(Deadline);
    }

    /// <summary>SIGSTOPs node <paramref name="i"/>'s Hale (frozen: no renewal, no reaction).</summary>
    public void Freeze(int i) => Hale(i).Signal(19);

    /// <summary>SIGCONTs node <paramref name="i"/>'s Hale.</summary>
    public void Thaw(int i) => Hale(i).Signal(18);

    /// <summary>
    /// SIGKILLs the process group of node <paramref name="i"/>'s running service (Hale itself stays) and removes its active file,
    /// so that a later <see cref="WaitForActiveAsync"/> sees the next start's token only.
    /// </summary>
    public void KillService(int i)
    {
        var pid = File.ReadAllText(ServicePidFile(i)).Trim();
        File.Delete(ActiveFile(i));
        using var kill = System.Diagnostics.Process.Start("kill", ["-KILL", "--", "-" + pid])!;
        kill.WaitForExit();
    }

    /// <summary>The status code of <c>GET /db</c> on node <paramref name="i"/>: 200 active, 503 not; 0 when it does not answer.</summary>
    public async Task<int> RoleAsync(int i)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri($"http://{Host(_options[i])}:{_ports[i]}/db"));
            return (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>Waits until node <paramref name="i"/> answers 200, its service runs and has written its token.</summary>
    public Task WaitForActiveAsync(int i) =>
        WaitUntilAsync(async () => await RoleAsync(i) == 200 && ServiceRunning(i) && File.Exists(ActiveFile(i)) && File.ReadAllText(ActiveFile(i)).Trim().Length > 0, $"{Node(i)} active");

    /// <summary>Whether node <paramref name="i"/>'s service (the pid it last wrote) is alive (not a zombie).</summary>
    public bool ServiceRunning(int i)
    {
        try
        {
            var pid = File.ReadAllText(ServicePidFile(i)).Trim();
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat.Length > stat.LastIndexOf(')') + 2 && stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether node <paramref name="i"/>'s group lists every member of <paramref name="members"/> as healthy (from its
    /// <c>GET /-/status</c>): it knows them as candidates, so a hand-over goes to the best of them.
    /// </summary>
    public async Task<bool> SeesHealthyAsync(int i, IEnumerable<int> members)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(await _http.GetStringAsync(new Uri($"http://{Host(_options[i])}:{_ports[i]}/-/status")));
            var listed = document.RootElement.GetProperty("groups")[0].GetProperty("members").EnumerateArray()
                .Where(m => m.GetProperty("healthy").ValueKind == System.Text.Json.JsonValueKind.True)
                .Select(m => m.GetProperty("node").GetString())
                .ToHashSet(StringComparer.Ordinal);
            return members.All(m => listed.Contains(Node(m)));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>Whether every node but <paramref name="active"/> answers 503.</summary>
    public async Task<bool> AllStandByExceptAsync(int active)
    {
        for (var i = 0; i < Count; i++)
        {
            if (i != active && await RoleAsync(i) != 503)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether no service holds the shared lock (none is active anywhere).</summary>
    /// <remarks>
    /// Read from the kernel's table of locks (<c>/proc/locks</c>), never by taking the lock: a probe that held it for a moment
    /// (<c>flock -n LOCK true</c>, as this once did) made a service starting in that moment find it taken, a "two actives"
    /// the test itself caused.
    /// </remarks>
    public async Task<bool> LockIsFreeAsync()
    {
        if (!File.Exists(LockFile))
        {
            return true;
        }

        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", LockFile]) { RedirectStandardOutput = true })!;
        var inode = (await stat.StandardOutput.ReadToEndAsync()).Trim();
        await stat.WaitForExitAsync();
        Assert.True(stat.ExitCode == 0 && inode.Length > 0, $"stat {LockFile} failed");
        // "1: FLOCK  ADVISORY  WRITE 4242 00:2a:1234567 0 EOF": the sixth field is major:minor:inode.
        return !File.ReadLines("/proc/locks")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(fields => fields.Length > 5 && fields[1] == "FLOCK" && fields[5].EndsWith(":" + inode, StringComparison.Ordinal));
    }

    /// <summary>Fails the test when a service ever found the lock taken (two actives).</summary>
    public void AssertNoViolation() =>
        Assert.False(File.Exists(Violations), File.Exists(Violations) ? "two actives: " + File.ReadAllText(Violations) + "\n" + Logs() : string.Empty);

    /// <summary>Polls <paramref name="condition"/> until true; fails after <see cref="Deadline"/> with every log.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) >= Deadline)
            {
                Assert.Fail($"not met within {Deadline.TotalSeconds} s: {what}; logs:\n{Logs()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }

    /// <summary>The end of every Hale's log and of every etcd member's, for failure messages.</summary>
    public string Logs()
    {
        // etcd's first: a report that keeps only its tail (as CI's) then keeps the members' logs.
        var text = new StringBuilder();
        for (var m = 0; m < Etcd.Count; m++)
        {
            var log = Etcd.LogTail(m);
            text.Append(CultureInfo.InvariantCulture, $"--- etcd m{m} ---\n").Append(log.AsSpan(Math.Max(0, log.Length - 1500))).Append('\n');
        }

        for (var i = 0; i < Count; i++)
        {
            if (_hales[i] is { } hale)
            {
                var log = hale.Stderr;
                text.Append(CultureInfo.InvariantCulture, $"--- {Node(i)} (pid {hale.Id}{(hale.HasExited ? ", exited" : string.Empty)}) ---\n")
                    .Append(log.AsSpan(Math.Max(0, log.Length - 6000))).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Stops every Hale (continued first, if stopped), kills what they own and the etcd cluster, deletes the dir.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var hale in _hales)
        {
            if (hale is not null)
            {
                if (!hale.HasExited)
                {
                    hale.Signal(18); // SIGCONT: a stopped Hale cannot be stopped otherwise
                }

                hale.Dispose();
            }
        }

        OwnedLeftovers.KillUnder(Directory);
        OwnedLeftovers.KillReferencing(Directory);
        await Etcd.DisposeAsync();
        _http.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static string Host(GroupNodeOptions? options) => options?.Namespace?.InsideAddress ?? "127.0.0.1";

    private static void AppendCommands(StringBuilder yaml, string key, IReadOnlyList<string> commands)
    {
        if (commands.Count > 0)
        {
            // YAML single quotes: only a quote itself is escaped (doubled).
            yaml.Append(CultureInfo.InvariantCulture, $"    {key}: [{string.Join(", ", commands.Select(c => "'" + c.Replace("'", "''", StringComparison.Ordinal) + "'"))}]\n");
        }
    }

    private string SickFile(int i) => Path.Combine(Directory, $"sick-{Node(i)}");

    private string CrashFile(int i) => Path.Combine(Directory, $"crash-{Node(i)}");

    private string ServicePidFile(int i) => Path.Combine(Directory, $"service-pid-{Node(i)}");
}
