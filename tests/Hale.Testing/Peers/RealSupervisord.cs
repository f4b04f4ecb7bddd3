using System.Diagnostics;

namespace Hale.Testing.Peers;

/// <summary>
/// A real supervisord (<c>-n</c>, private config in a temp dir) whose event listener is the real
/// <c>hale supervisor-haproxy</c>. SIGTERM in Dispose (it stops its children), then a kill of what is left.
/// </summary>
public sealed class RealSupervisord : IDisposable
{
    private readonly Process _process;

    private RealSupervisord(string directory, Process process)
    {
        Directory = directory;
        _process = process;
    }

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "supervisord.conf");

    /// <summary>The listener's stderr (supervisord writes it to a file).</summary>
    public string ListenerLog => File.Exists(Path.Combine(Directory, "listener.err")) ? File.ReadAllText(Path.Combine(Directory, "listener.err")) : string.Empty;

    /// <param name="haproxySocket">The listener's SOCKET argument.</param>
    /// <param name="mapping">The listener's PROGRAM argument, for the program <c>web</c>.</param>
    /// <param name="haleDll">The hale.dll to run as the listener (or a native hale, run directly); by default the one beside the running test.</param>
    public static async Task<RealSupervisord> StartAsync(string haproxySocket, string mapping, string? haleDll = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("hale-supervisord-").FullName;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var hale = haleDll ?? Path.Combine(AppContext.BaseDirectory, "hale.dll");
        var config = string.Join('\n',
            "[unix_http_server]",
            $"file={directory}/supervisor.sock",
            "chmod=0700",
            "[supervisord]",
            "nodaemon=true",
            $"logfile={directory}/supervisord.log",
            $"pidfile={directory}/supervisord.pid",
            $"childlogdir={directory}",
            "[rpcinterface:supervisor]",
            "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
            "[supervisorctl]",
            $"serverurl=unix://{directory}/supervisor.sock",
            "[program:web]",
            "command=/bin/sleep 1000",
            "autostart=true",
            "autorestart=true",
            "startsecs=1",
            "stopwaitsecs=2",
            "[eventlistener:haproxy]",
            $"command={(hale.EndsWith(".dll", StringComparison.Ordinal) ? $"{dotnet} {hale}" : hale)} supervisor-haproxy {haproxySocket} {mapping}",
            "events=PROCESS_STATE",
            $"stderr_logfile={directory}/listener.err",
            "stopwaitsecs=2",
            string.Empty);
        await File.WriteAllTextAsync(Path.Combine(directory, "supervisord.conf"), config);
        var info = new ProcessStartInfo("supervisord") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-n");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Path.Combine(directory, "supervisord.conf"));
        var process = Process.Start(info) ?? throw new InvalidOperationException("supervisord did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RealSupervisord(directory, process);
    }

    /// <summary>Runs <c>supervisorctl -c CONF ARGS</c>; returns its output.</summary>
    public async Task<string> CtlAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("supervisorctl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(ConfigPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var ctl = Process.Start(info)!;
        var output = await ctl.StandardOutput.ReadToEndAsync();
        await ctl.WaitForExitAsync();
        return output;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: supervisord stops the program and the listener itself.
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            if (!_process.WaitForExit(8000))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
