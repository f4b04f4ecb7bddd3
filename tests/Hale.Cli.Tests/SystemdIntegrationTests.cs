using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hale.Cli.Tests;

/// <summary><c>hale run</c> under a systemd-like notify socket: READY=1 once serving, RELOADING=1 on SIGHUP, STOPPING=1 on SIGTERM.</summary>
public sealed class SystemdIntegrationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-systemd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_WithNotifySocket_SendsReadyReloadingStoppingAndWatchdog()
    {
        var socketPath = Path.Combine(_dir, "notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        var config = Path.Combine(_dir, "hale.yaml");
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            File.WriteAllText(config, $"http: {{ listen: \"127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}\" }}\nchecks:\n  a: {{ command: \"true\" }}\n");
        }

        using var hale = HaleProcess.Start(
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath, ["WATCHDOG_USEC"] = "2000000" },
            "run", "-c", config);
        var messages = new List<string> { await ReceiveAsync(notify) };
        while (!messages.Any(m => m.Contains("READY=1", StringComparison.Ordinal)))
        {
            messages.Add(await ReceiveAsync(notify));
        }

        messages.Add(await ReceiveUntilAsync(notify, "WATCHDOG=1"));
        hale.Signal(1);
        messages.Add(await ReceiveUntilAsync(notify, "RELOADING=1"));
        hale.Signal(15);
        messages.Add(await ReceiveUntilAsync(notify, "STOPPING=1"));
        var code = await hale.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, code);
        Assert.Contains(messages, m => m.StartsWith("READY=1\nSTATUS=", StringComparison.Ordinal));
    }

    /// <summary>The first message holding <paramref name="wanted"/>; fails after 30 s (the watchdog's messages alone would keep a
    /// wait without its own deadline going for ever).</summary>
    private static async Task<string> ReceiveUntilAsync(Socket socket, string wanted)
    {
        var started = TimeProvider.System.GetTimestamp();
        var seen = new List<string>();
        while (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            var message = await ReceiveAsync(socket);
            if (message.Contains(wanted, StringComparison.Ordinal))
            {
                return message;
            }

            seen.Add(message);
        }

        throw new TimeoutException($"no '{wanted}' within 30 s; received: {string.Join(" | ", seen.Distinct())}");
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
