using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hale.Testing;

namespace Hale.Cli.Tests.Importers;

/// <summary>
/// Issue 10: "run(original) and run(convert(original)) take the same actions in the same order on the same scripted world".
/// Each seed README's example (hosts, ports and install paths replaced by local stand-ins) runs as a real <c>hale</c> on the
/// original file and on <c>hale convert</c>'s output, each on its own copy of one scripted world; the stand-in tools write
/// each action as a line to the side's log, and the two logs must be equal (and show the expected actions).
/// </summary>
public sealed class SideBySideTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-sbs-").FullName;

    public void Dispose()
    {
        OwnedLeftovers.KillUnder(_dir);
        OwnedLeftovers.KillReferencing(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task RunOnce_HeartbeatReadmeAndItsConversion_SameActionsInSameOrder()
    {
        await using var web = new TinyHttpServer();
        var text = Fixture("heartbeat-readme.conf")
            .Replace("port = 8080", $"port = {web.Port}", StringComparison.Ordinal)
            .Replace("hostname = localhost", "hostname = 127.0.0.1", StringComparison.Ordinal);
        var sides = await SideBySide.CreateAsync(_dir, "heartbeat.conf", text);
        sides.Tool("service", "echo \"service $*\" >> \"$SBS_LOG\"\n");

        foreach (var status in new[] { 200, 503, 404, 200 })
        {
            web.Status = status;
            await StepAsync(sides, $"webapp answers {status}");
        }

        AssertSameActions(sides, """
            == webapp answers 200
            service nginx start
            exit 0
            == webapp answers 503
            service nginx stop
            exit 0
            == webapp answers 404
            service nginx stop
            exit 0
            == webapp answers 200
            service nginx start
            exit 0

            """);
    }

    [Fact]
    public async Task RunOnce_HeartbeatFullFileAndItsConversion_SameActionsInSameOrder()
    {
        await using var web = new TinyHttpServer();
        var sshPort = Loopback.FreePort();
        // [DEFAULT] and %(name)s as they are; the hosts are local, api over HTTP (%(domain)s makes 127.0.0.1), the flag relative.
        var text = Fixture("heartbeat-full.conf")
            .Replace("/usr/sbin/service", "service", StringComparison.Ordinal)
            .Replace("flag = /tmp/health.html", "flag = health.html", StringComparison.Ordinal)
            .Replace("hostname = localhost", "hostname = 127.0.0.1", StringComparison.Ordinal)
            .Replace("port = 22", $"port = {sshPort}", StringComparison.Ordinal)
            .Replace("type = HTTPS", "type = HTTP", StringComparison.Ordinal)
            .Replace("hostname = api.%(domain)s", "hostname = 127.%(domain)s", StringComparison.Ordinal)
            .Replace("domain = example.org", "domain = 0.0.1", StringComparison.Ordinal)
            .Replace("port = 8443", $"port = {web.Port}", StringComparison.Ordinal);
        var sides = await SideBySide.CreateAsync(_dir, "heartbeat.conf", text);
        sides.Tool("service", "echo \"service $*\" >> \"$SBS_LOG\"\n");
        TcpListener? ssh = null;
        try
        {
            foreach (var (sshUp, status) in new[] { (true, 200), (false, 200), (true, 503), (true, 200) })
            {
                if (sshUp && ssh is null)
                {
                    ssh = new TcpListener(IPAddress.Loopback, sshPort);
                    ssh.Start();
                }
                else if (!sshUp && ssh is not null)
                {
                    ssh.Stop();
                    ssh.Dispose();
                    ssh = null;
                }

                web.Status = status;
                await StepAsync(sides, $"ssh {(sshUp ? "up" : "down")}, api answers {status}", file =>
                    File.Exists(Path.Combine(SideBySide.Side(file), "health.html")) ? "flag present" : "flag absent");
            }
        }
        finally
        {
            ssh?.Stop();
            ssh?.Dispose();
        }

        AssertSameActions(sides, """
            == ssh up, api answers 200
            service nginx start
            exit 0
            flag present
            == ssh down, api answers 200
            service nginx stop
            exit 0
            flag absent
            == ssh up, api answers 503
            service nginx stop
            exit 0
            flag absent
            == ssh up, api answers 200
            service nginx start
            exit 0
            flag present

            """);
    }

    [Fact]
    public async Task RunOnce_AutohealReadmeAndItsConversion_SameActionsInSameOrder()
    {
        await using var middleware = new TinyHttpServer { Status = 503 };
        var nginxPort = Loopback.FreePort();
        var marker = "nginx-" + Path.GetFileName(_dir); // pname: a command line only this test's stand-in has
        var text = Fixture("autoheal-readme.yaml")
            .Replace("pname: nginx ", $"pname: {marker} ", StringComparison.Ordinal)
            .Replace("/home/admin/cai/bin/", string.Empty, StringComparison.Ordinal)
            .Replace("/home/admin/web_server/bin/", string.Empty, StringComparison.Ordinal)
            .Replace("/home/admin/web_server/conf/.web_server.pid", "world/web_server.pid", StringComparison.Ordinal)
            .Replace("port: 80\n", $"port: {nginxPort}\n", StringComparison.Ordinal)
            .Replace("http://middleware.host.com/check.htm", middleware.Url("/check.htm").ToString(), StringComparison.Ordinal);
        var sides = await SideBySide.CreateAsync(_dir, "conf.yaml", text);
        sides.Tool("sudo", "[ \"$1\" = -u ] && shift 2\nexec \"$@\"\n");
        sides.Tool("nginx-proxy", "echo \"nginx-proxy $*\" >> \"$SBS_LOG\"\n");
        sides.Tool("startup.sh", "echo \"startup.sh $*\" >> \"$SBS_LOG\"\n");
        var deadPid = await DeadPidAsync();
        var steps = new (string Name, bool Nginx, bool Web, bool Tcp, int Http)[]
        {
            ("both dead, dependencies down", false, false, false, 503),
            ("nginx alive, web dead, dependencies up", true, false, true, 200),
            ("both dead, the TCP dependency down", false, false, false, 200),
            ("both alive", true, true, false, 503),
            ("both dead, dependencies up", false, false, true, 200),
        };
        Process? nginx = null;
        TcpListener? tcp = null;
        try
        {
            foreach (var step in steps)
            {
                if (step.Nginx && nginx is null)
                {
                    nginx = Process.Start("sh", ["-c", "sleep 1000; :", marker])!;
                }
                else if (!step.Nginx && nginx is not null)
                {
                    nginx.Kill(entireProcessTree: true);
                    await nginx.WaitForExitAsync();
                    nginx.Dispose();
                    nginx = null;
                }

                if (step.Tcp && tcp is null)
                {
                    tcp = new TcpListener(IPAddress.Loopback, nginxPort);
                    tcp.Start();
                }
                else if (!step.Tcp && tcp is not null)
                {
                    tcp.Stop();
                    tcp.Dispose();
                    tcp = null;
                }

                middleware.Status = step.Http;
                sides.SetWorld("web_server.pid", $"{(step.Web ? Environment.ProcessId : deadPid)}\n");
                await StepAsync(sides, step.Name);
            }
        }
        finally
        {
            nginx?.Kill(entireProcessTree: true);
            nginx?.Dispose();
            tcp?.Stop();
            tcp?.Dispose();
        }

        AssertSameActions(sides, """
            == both dead, dependencies down
            nginx-proxy -s restart
            exit 1
            == nginx alive, web dead, dependencies up
            startup.sh 
            exit 0
            == both dead, the TCP dependency down
            nginx-proxy -s restart
            exit 1
            == both alive
            exit 0
            == both dead, dependencies up
            nginx-proxy -s restart
            startup.sh 
            exit 0

            """);
    }

    /// <summary>
    /// ha_valet's Host A file, unchanged: <c>ssh</c>, <c>sudo</c> and <c>netstat</c> are stand-ins keeping each host's instance in
    /// the world (<c>HOST.up</c> holds the priority its status returns; <c>wsgi.up</c> is Allegro listening). The original runs as
    /// <c>hale valet -f</c>, the conversion as <c>hale run -c</c>, at once; each step changes both worlds and waits until both
    /// Hales have answered it. The two loops (group Ostro, service Allegro) run independently, so within a step the lines are
    /// compared per tool (ssh: Ostro, sudo: Allegro), each in its order.
    /// </summary>
    [Fact]
    public async Task Run_ValetReadmeAndItsConversion_SameActionsInSameOrder()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "valet", "ha_valet.host_a.cfg"));
        var sides = await SideBySide.CreateAsync(_dir, "ha_valet.cfg", text);
        sides.Tool("ssh", """
            host=${1#*@}
            [ -e "$SBS_WORLD/$host.unreachable" ] && exit 255
            case "$2" in
              *"ostro_daemon.py start"*) echo "ssh $1 start" >> "$SBS_LOG"; cat "$SBS_WORLD/$host.prio" > "$SBS_WORLD/$host.up" ;;
              *"ostro_daemon.py stop"*) echo "ssh $1 stop" >> "$SBS_LOG"; rm -f "$SBS_WORLD/$host.up" ;;
              *"ostro_daemon.py status"*) exit "$(cat "$SBS_WORLD/$host.up" 2>/dev/null || echo 0)" ;;
              *) echo "ssh: unexpected $*" >> "$SBS_LOG"; exit 255 ;;
            esac

            """);
        sides.Tool("sudo", """
            case "$*" in
              "python @ALLEGRO_WSGI_DIR@/wsgi.py") echo "sudo $*" >> "$SBS_LOG"; touch "$SBS_WORLD/wsgi.up" ;;
              "pkill -f wsgi") echo "sudo $*" >> "$SBS_LOG"; rm -f "$SBS_WORLD/wsgi.up" ;;
              *) echo "sudo: unexpected $*" >> "$SBS_LOG"; exit 1 ;;
            esac

            """);
        sides.Tool("netstat", """
            [ -e "$SBS_WORLD/wsgi.up" ] && echo "tcp        0      0 0.0.0.0:8090            0.0.0.0:*               LISTEN      4242/python"
            exit 0

            """);
        sides.SetWorld("Host_A.prio", "1\n");
        sides.SetWorld("Host_B.prio", "2\n");
        using var original = HaleProcess.Start(sides.Environment(sides.Original), "valet", "-f", sides.Original);
        using var converted = HaleProcess.Start(sides.Environment(sides.Converted), "run", "-c", sides.Converted);
        var hales = new[] { original, converted };

        sides.Mark("== nothing up");
        await WaitForWorldAsync(sides, hales, w => File.Exists(Path.Combine(w, "Host_A.up")) && File.Exists(Path.Combine(w, "wsgi.up")));

        sides.Mark("== Host_B comes up returning 2");
        sides.SetWorld("Host_B.up", "2\n");
        await WaitForWorldAsync(sides, hales, w => !File.Exists(Path.Combine(w, "Host_B.up")));

        sides.Mark("== Host_A's instance dies");
        sides.SetWorld("Host_A.up", null);
        await WaitForWorldAsync(sides, hales, w => File.Exists(Path.Combine(w, "Host_A.up")));

        sides.Mark("== Host_B comes up returning 1, as Host_A");
        sides.SetWorld("Host_B.up", "1\n");
        await WaitForWorldAsync(sides, hales, w => !File.Exists(Path.Combine(w, "Host_B.up")));

        sides.Mark("== Allegro dies");
        sides.SetWorld("wsgi.up", null);
        await WaitForWorldAsync(sides, hales, w => File.Exists(Path.Combine(w, "wsgi.up")));

        var expected = """
            == nothing up
            ssh stack@Host_A start
            sudo python @ALLEGRO_WSGI_DIR@/wsgi.py
            == Host_B comes up returning 2
            ssh stack@Host_B stop
            == Host_A's instance dies
            ssh stack@Host_A start
            == Host_B comes up returning 1, as Host_A
            ssh stack@Host_B stop
            == Allegro dies
            sudo python @ALLEGRO_WSGI_DIR@/wsgi.py

            """.ReplaceLineEndings("\n");
        Assert.Equal(expected, PerTool(SideBySide.Actions(sides.Original)));
        Assert.Equal(PerTool(SideBySide.Actions(sides.Original)), PerTool(SideBySide.Actions(sides.Converted)));
    }

    /// <summary>One step of a run-once world: <c>hale run --once</c> on each side in turn, its exit code and
    /// <paramref name="after"/>'s line (if any) appended to that side's log.</summary>
    private static async Task StepAsync(SideBySide sides, string name, Func<string, string>? after = null)
    {
        sides.Mark("== " + name);
        foreach (var file in sides.Files)
        {
            var (code, _, stderr) = await HaleProcess.RunAsync(sides.Environment(file), "run", "--once", "-c", file);
            await File.AppendAllTextAsync(SideBySide.Log(file), $"exit {code}\n");
            if (after is not null)
            {
                await File.AppendAllTextAsync(SideBySide.Log(file), after(file) + "\n");
            }

            Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for both worlds.</summary>
    private static async Task WaitForWorldAsync(SideBySide sides, HaleProcess[] hales, Func<string, bool> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!sides.Files.All(f => condition(SideBySide.World(f))))
        {
            if (TimeProvider.System.GetElapsedTime(started) >= Deadline || hales.Any(h => h.HasExited))
            {
                Assert.Fail("the world did not get there in time; logs:\n" + string.Join("\n---\n", sides.Files.Select(SideBySide.Actions))
                    + "\n---\n" + string.Join("\n---\n", hales.Select(h => h.Stderr[Math.Max(0, h.Stderr.Length - 6000)..])));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    /// <summary>The log with each step's lines ordered by tool (the first word), each tool's lines in their order.</summary>
    private static string PerTool(string log)
    {
        var result = new System.Text.StringBuilder();
        var step = new List<string>();
        foreach (var line in log.Split('\n'))
        {
            if (line.StartsWith("==", StringComparison.Ordinal) || line.Length == 0)
            {
                Flush();
                if (line.Length > 0)
                {
                    result.Append(line).Append('\n');
                }
            }
            else
            {
                step.Add(line);
            }
        }

        Flush();
        return result.ToString();

        void Flush()
        {
            foreach (var line in step.OrderBy(l => l.Split(' ')[0], StringComparer.Ordinal))
            {
                result.Append(line).Append('\n');
            }

            step.Clear();
        }
    }

    private static void AssertSameActions(SideBySide sides, string expected)
    {
        var original = SideBySide.Actions(sides.Original);
        var converted = SideBySide.Actions(sides.Converted);
        Assert.Equal(expected.ReplaceLineEndings("\n"), original);
        Assert.Equal(original, converted);
    }

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Importers", "Fixtures", name));

    private static async Task<int> DeadPidAsync()
    {
        using var exited = Process.Start("sh", ["-c", "exit 0"])!;
        await exited.WaitForExitAsync();
        return exited.Id;
    }
}
