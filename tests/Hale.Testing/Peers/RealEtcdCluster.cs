using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Hale.Testing.Peers;

/// <summary>
/// A real etcd cluster (Debian's <c>etcd-server</c>, 3.4) of N members on free 127.0.0.1 ports, with their data in a temp dir.
/// Members are real child processes, marked <c>HALE_OWNER=&lt;the cluster's dir&gt;</c>; fast raft timings by default
/// (<c>--heartbeat-interval 10 --election-timeout 100</c>: a leader in ~0.1 s). DisposeAsync kills every member and deletes
/// the dir.
/// </summary>
public sealed class RealEtcdCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private readonly Member[] _members;
    private readonly int _heartbeatMs;
    private readonly int _electionMs;
    private readonly IReadOnlyList<string> _extraHosts;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private RealEtcdCluster(string directory, Member[] members, int heartbeatMs, int electionMs, IReadOnlyList<string> extraHosts)
    {
        Directory = directory;
        _members = members;
        _heartbeatMs = heartbeatMs;
        _electionMs = electionMs;
        _extraHosts = extraHosts;
    }

    /// <summary>The cluster's temp dir: a data dir per member.</summary>
    public string Directory { get; }

    /// <summary>The members' client URLs, <c>http://127.0.0.1:PORT</c>, in member order.</summary>
    public IReadOnlyList<Uri> Endpoints => [.. _members.Select(m => m.ClientUrl)];

    /// <summary>
    /// The members' client URLs on <paramref name="host"/>, one of the extra addresses given to <see cref="StartAsync"/> (e.g. the
    /// host side of a network namespace's veth pair), same ports, in member order.
    /// </summary>
    /// <param name="host">An IPv4 address the members also listen on.</param>
    /// <returns>The URLs.</returns>
    /// <exception cref="ArgumentException">The members do not listen on <paramref name="host"/>.</exception>
    public IReadOnlyList<Uri> EndpointsOn(string host) => _extraHosts.Contains(host)
        ? [.. _members.Select(m => new Uri($"http://{host}:{m.ClientUrl.Port}"))]
        : throw new ArgumentException($"the members do not listen on {host}", nameof(host));

    /// <summary>How many members the cluster has (running or not).</summary>
    public int Count => _members.Length;

    /// <summary>/usr/bin/etcd where Debian puts it, else etcd on PATH.</summary>
    public static string Executable => File.Exists("/usr/bin/etcd") ? "/usr/bin/etcd" : "etcd";

    /// <summary>Starts <paramref name="members"/> members and waits until each answers <c>/health</c> with true.</summary>
    /// <param name="members">How many; 3 by default.</param>
    /// <param name="heartbeatMs">etcd's <c>--heartbeat-interval</c>.</param>
    /// <param name="electionMs">etcd's <c>--election-timeout</c>.</param>
    /// <param name="extraClientHosts">IPv4 addresses, already configured on this host, the members' client ports also listen on
    /// (beside 127.0.0.1), so that a process in a network namespace can reach them; none by default.</param>
    /// <returns>The running cluster.</returns>
    /// <exception cref="InvalidOperationException">etcd is not installed (scripts/test.sh installs it), or did not become healthy.</exception>
    public static async Task<RealEtcdCluster> StartAsync(int members = 3, int heartbeatMs = 10, int electionMs = 100, IReadOnlyList<string>? extraClientHosts = null)
    {
        if (!File.Exists(Executable) && !OnPath("etcd"))
        {
            throw new InvalidOperationException(
                "etcd is not installed: these tests need a real etcd (Debian: apt-get install etcd-server etcd-client; scripts/test.sh installs it).");
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("hale-etcd-").FullName;
        var all = Enumerable.Range(0, members)
            .Select(i => new Member($"m{i}", Loopback.FreePort(), Loopback.FreePort(), Path.Combine(directory, $"m{i}")))
            .ToArray();
        var cluster = new RealEtcdCluster(directory, all, heartbeatMs, electionMs, extraClientHosts ?? []);
        try
        {
            foreach (var member in all)
            {
                cluster.Launch(member, existing: false);
            }

            foreach (var member in all)
            {
                await cluster.WaitHealthyAsync(member);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The pid of member <paramref name="index"/>'s current process, or null when it is not running.</summary>
    public int? Pid(int index) => _members[index].Process is { HasExited: false } p ? p.Id : null;

    /// <summary>SIGKILLs member <paramref name="index"/> and waits until it is gone.</summary>
    public async Task KillMemberAsync(int index)
    {
        var process = _members[index].Process;
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERMs member <paramref name="index"/> (a clean shutdown) and waits until it is gone; SIGKILL after 10 s.</summary>
    public async Task StopMemberAsync(int index)
    {
        var process = _members[index].Process;
        if (process is not { HasExited: false })
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), TimeProvider.System);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Starts member <paramref name="index"/> again (after a kill or a stop) on its data dir, same flags plus
    /// <c>--initial-cluster-state existing</c>, and waits until it answers <c>/health</c> with true.
    /// </summary>
    public async Task RestartMemberAsync(int index)
    {
        var member = _members[index];
        if (member.Process is { HasExited: false })
        {
            throw new InvalidOperationException($"member {member.Name} is still running");
        }

        Launch(member, existing: true);
        await WaitHealthyAsync(member);
    }

    /// <summary>
    /// SIGSTOPs (<paramref name="frozen"/> true) or SIGCONTs every running member with one <c>kill</c>: the whole cluster stalls
    /// at once, as on an overloaded or suspended host, while the clock runs on (leases expire by it). Disposal kills frozen
    /// members too.
    /// </summary>
    /// <param name="frozen">True to stop, false to continue.</param>
    public async Task FreezeAllAsync(bool frozen)
    {
        string[] pids = [.. Enumerable.Range(0, _members.Length).Select(Pid).OfType<int>().Select(p => p.ToString(CultureInfo.InvariantCulture))];
        using var kill = Process.Start("kill", [frozen ? "-STOP" : "-CONT", .. pids])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>SIGTERMs every running member, in parallel.</summary>
    public Task StopAllAsync() => Task.WhenAll(Enumerable.Range(0, _members.Length).Select(StopMemberAsync));

    /// <summary>Waits (up to 30 s) until a running member reports itself leader (<c>etcd_server_is_leader 1</c>); its index.</summary>
    /// <exception cref="TimeoutException">No leader within 30 s.</exception>
    public async Task<int> LeaderIndexAsync()
    {
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < StartDeadline)
        {
            for (var i = 0; i < _members.Length; i++)
            {
                if (Pid(i) is null)
                {
                    continue;
                }

                try
                {
                    var metrics = await _http.GetStringAsync(new Uri(_members[i].ClientUrl, "/metrics"));
                    if (metrics.Split('\n').Any(l => l.Trim() == "etcd_server_is_leader 1"))
                    {
                        return i;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        throw new TimeoutException($"no etcd member became leader within {StartDeadline.TotalSeconds} s");
    }

    /// <summary>The last lines member <paramref name="index"/> wrote to stderr (etcd logs there), for failure messages.</summary>
    public string LogTail(int index) => string.Join('\n', _members[index].Log);

    /// <summary>Kills every member (SIGKILL), whatever their state, and deletes the cluster's dir.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            if (member.Process is { } process)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill();
                        await process.WaitForExitAsync();
                    }
                }
                catch (InvalidOperationException)
                {
                }

                process.Dispose();
                member.Process = null;
            }
        }

        // Belt and braces: anything else this cluster started (none is expected).
        OwnedLeftovers.KillUnder(Directory);
        _http.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, name)));

    private void Launch(Member member, bool existing)
    {
        var initialCluster = string.Join(',', _members.Select(m => $"{m.Name}=http://127.0.0.1:{m.PeerPort}"));
        var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments =
        [
            "--name", member.Name,
            "--data-dir", member.DataDir,
            "--listen-client-urls", string.Join(',', _extraHosts.Select(h => $"http://{h}:{member.ClientUrl.Port}").Prepend(member.ClientUrl.GetLeftPart(UriPartial.Authority))),
            "--advertise-client-urls", member.ClientUrl.GetLeftPart(UriPartial.Authority),
            "--listen-peer-urls", $"http://127.0.0.1:{member.PeerPort}",
            "--initial-advertise-peer-urls", $"http://127.0.0.1:{member.PeerPort}",
            "--initial-cluster", initialCluster,
            "--initial-cluster-state", existing ? "existing" : "new",
            "--initial-cluster-token", Path.GetFileName(Directory),
            "--heartbeat-interval", _heartbeatMs.ToString(CultureInfo.InvariantCulture),
            "--election-timeout", _electionMs.ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The suite's leftover check (and OwnedLeftovers) recognise the cluster's processes by this marker.
        info.Environment["HALE_OWNER"] = Directory;
        info.Environment.Remove("ETCDCTL_API");
        var process = Process.Start(info) ?? throw new InvalidOperationException($"etcd member {member.Name} did not start");
        process.OutputDataReceived += (_, e) => member.Append(e.Data);
        process.ErrorDataReceived += (_, e) => member.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        member.Process?.Dispose();
        member.Process = process;
    }

    private async Task WaitHealthyAsync(Member member)
    {
        var started = TimeProvider.System.GetTimestamp();
        var health = new Uri(member.ClientUrl, "/health");
        while (TimeProvider.System.GetElapsedTime(started) < StartDeadline)
        {
            if (member.Process is not { HasExited: false })
            {
                throw new InvalidOperationException($"etcd member {member.Name} exited:\n{string.Join('\n', member.Log)}");
            }

            try
            {
                var body = await _http.GetStringAsync(health);
                if (body.Contains("\"health\":\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        throw new InvalidOperationException($"etcd member {member.Name} not healthy within {StartDeadline.TotalSeconds} s:\n{string.Join('\n', member.Log)}");
    }

    private sealed class Member(string name, int clientPort, int peerPort, string dataDir)
    {
        private readonly ConcurrentQueue<string> _log = new();

        public string Name { get; } = name;

        public Uri ClientUrl { get; } = new($"http://127.0.0.1:{clientPort}");

        public int PeerPort { get; } = peerPort;

        public string DataDir { get; } = dataDir;

        public Process? Process { get; set; }

        public IEnumerable<string> Log => _log;

        public void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            _log.Enqueue(line);
            while (_log.Count > 200)
            {
                _log.TryDequeue(out _);
            }
        }
    }
}
