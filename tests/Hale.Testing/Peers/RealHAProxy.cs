using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Hale.HAProxy;
using Hale.LoadBalancers;

namespace Hale.Testing.Peers;

/// <summary>
/// A real HAProxy (<c>haproxy -db</c>) in a temp dir: an admin stats socket on unix and on 127.0.0.1, a tcp frontend,
/// backend <c>be_app</c> with servers s1 and s2 that are real listeners of this process. Killed in Dispose.
/// </summary>
public sealed class RealHAProxy : IDisposable
{
    private readonly List<Socket> _held = [];
    private Process _process;
    private readonly TcpListener[] _servers;
    private readonly CancellationTokenSource _stop = new();

    private RealHAProxy(string directory, Process process, TcpListener[] servers, int statsPort, int frontendPort)
    {
        Directory = directory;
        FrontendPort = frontendPort;
        _process = process;
        _servers = servers;
        Unix = HAProxyEndpoint.Parse($"unix://{Path.Combine(directory, "admin.sock")}");
        Tcp = HAProxyEndpoint.Parse($"tcp://127.0.0.1:{statsPort}");
    }

    public string Directory { get; }

    /// <summary>The tcp frontend (fe_main) on 127.0.0.1.</summary>
    public int FrontendPort { get; }

    /// <summary>When true, the backend servers keep accepted connections open (sessions stay current) until <see cref="ReleaseHeldConnections"/>.</summary>
    public bool HoldConnections { get; set; }

    public HAProxyEndpoint Unix { get; }

    public HAProxyEndpoint Tcp { get; }

    public int Pid => _process.Id;

    public static string Executable => File.Exists("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy";

    public static async Task<RealHAProxy> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("hale-haproxy-").FullName;
        TcpListener[] servers = [new(IPAddress.Loopback, 0), new(IPAddress.Loopback, 0)];
        foreach (var server in servers)
        {
            server.Start();
        }

        var statsPort = Loopback.FreePort();
        var frontendPort = Loopback.FreePort();
        var config = string.Join('\n',
            "global",
            $"    stats socket {directory}/admin.sock mode 600 level admin",
            $"    stats socket ipv4@127.0.0.1:{statsPort} level admin",
            "    stats timeout 30s",
            "defaults",
            "    mode tcp",
            "    timeout connect 2s",
            "    timeout client 10s",
            "    timeout server 10s",
            "frontend fe_main",
            $"    bind 127.0.0.1:{frontendPort}",
            "    default_backend be_app",
            "backend be_app",
            "    default-server inter 1s fall 2 rise 2",
            $"    server s1 127.0.0.1:{Port(servers[0])} check",
            $"    server s2 127.0.0.1:{Port(servers[1])} check",
            string.Empty);
        var configPath = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(configPath, config);

        var haproxy = new RealHAProxy(directory, Launch(configPath), servers, statsPort, frontendPort);
        haproxy.AcceptForever();
        await haproxy.WaitUntilAnsweringAsync();
        return haproxy;
    }

    /// <summary>Kills this HAProxy and starts a new process with the same configuration and sockets (its runtime-set states are lost).</summary>
    public async Task RestartAsync()
    {
        Stop();
        _process.Dispose();
        _process = Launch(Path.Combine(Directory, "haproxy.cfg"));
        await WaitUntilAnsweringAsync();
    }

    /// <summary>Closes the connections kept open while <see cref="HoldConnections"/>.</summary>
    public void ReleaseHeldConnections()
    {
        lock (_held)
        {
            foreach (var socket in _held)
            {
                socket.Dispose();
            }

            _held.Clear();
        }
    }

    public HAProxyRuntimeClient Client(bool unix = false) => new(unix ? Unix : Tcp, TimeSpan.FromSeconds(5));

    /// <summary>Polls until <paramref name="condition"/> holds for be_app's server, or fails after 30 s (a Hale starting on a loaded machine).</summary>
    public async Task<ServerStateRow> WaitForServerAsync(string server, Func<ServerStateRow, bool> condition)
    {
        var client = Client();
        var deadline = Stopwatch.StartNew();
        ServerStateRow? last = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            last = (await client.ShowServersStateAsync("be_app", CancellationToken.None)).Single(r => r.Address.Server == server);
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, CancellationToken.None);
        }

        throw new TimeoutException($"be_app/{server} never reached the condition; last {last}");
    }

    public async Task<string?> StatusAsync(string server) =>
        (await Client().FindStatAsync(new ServerAddress("be_app", server), CancellationToken.None))?["status"];

    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        _stop.Cancel();
        ReleaseHeldConnections();
        foreach (var server in _servers)
        {
            server.Dispose();
        }

        _stop.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Process Launch(string configPath)
    {
        var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-db");
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add(configPath);
        var process = Process.Start(info) ?? throw new InvalidOperationException("haproxy did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    private void AcceptForever()
    {
        foreach (var server in _servers)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        var socket = await server.AcceptSocketAsync(_stop.Token);
                        if (HoldConnections)
                        {
                            lock (_held)
                            {
                                _held.Add(socket);
                            }
                        }
                        else
                        {
                            socket.Dispose();
                        }
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                }
            });
        }
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var client = Client(unix: true);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await client.ShowInfoAsync(CancellationToken.None);
                return;
            }
            catch (LoadBalancerException) when (deadline.Elapsed < TimeSpan.FromSeconds(30) && !_process.HasExited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, CancellationToken.None);
            }
            catch (LoadBalancerException ex)
            {
                throw new InvalidOperationException(
                    $"haproxy did not answer (exit {(_process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "-")})", ex);
            }
        }
    }
}
