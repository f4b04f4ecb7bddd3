using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hale.HAProxy.Tests.Supervisor;

/// <summary>The real <c>hale supervisor-haproxy</c> (hale.dll) as supervisord runs it: stdin and stdout are the protocol.</summary>
public sealed class SupervisorHAProxyCommandTests
{
    [Fact]
    public async Task Hale_BadSocket_UsageOnStderrExit2NothingOnStdout()
    {
        var (code, stdout, stderr) = await RunHaleAsync(string.Empty, "supervisor-haproxy", "localhost:8800", "web:be/s1");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(
            "usage: hale supervisor-haproxy [-h] SOCKET PROGRAMS [PROGRAMS ...]\n"
            + "hale supervisor-haproxy: error: argument SOCKET: Invalid socket 'localhost:8800', must be of form \"tcp://127.0.0.1:9902\"\n",
            stderr);
    }

    [Fact]
    public async Task Hale_BadProgram_UsageOnStderrExit2()
    {
        var (code, stdout, stderr) = await RunHaleAsync(string.Empty, "supervisor-haproxy", "tcp://127.0.0.1:9902", "instance2");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("Invalid program 'instance2'. Must be of form \"supervisorProgram:HaProxyBackend/HaProxyServer\", e.g. \"instance2:plone04/plone0402\"", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hale_NoArguments_Exit2NothingOnStdout()
    {
        var (code, stdout, stderr) = await RunHaleAsync(string.Empty, "supervisor-haproxy");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("the following arguments are required: SOCKET, PROGRAMS", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hale_EventsOnStdinHAProxyRefusing_ProtocolBytesOnlyThenExit0()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var stdin = ListenerRun.Event("ver:3.0 eventname:TICK_60", "when:1201063880")
            + ListenerRun.Event("ver:3.0 eventname:PROCESS_STATE_EXITED", "processname:web groupname:web from_state:RUNNING expected:0 pid:7")
            + "garbage\n";

        var (code, stdout, stderr) = await RunHaleAsync(stdin, "supervisor-haproxy", $"tcp://127.0.0.1:{port}", "web:be_app/s1");

        Assert.Equal(0, code);
        Assert.Equal("READY\nRESULT 2\nOKREADY\nRESULT 4\nFAILREADY\nRESULT 4\nFAILREADY\n", stdout);
        Assert.Contains(" Received PROCESS_STATE_EXITED (from RUNNING) for web, sending MAINT for be_app/s1.\nERROR: connection to HaProxy stats socket refused\n", stderr, StringComparison.Ordinal);
        Assert.Contains("ERROR: malformed event header 'garbage'", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunHaleAsync(string stdin, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hale.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
