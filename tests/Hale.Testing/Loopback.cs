using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Hale.Testing;

/// <summary>Ports on 127.0.0.1 for tests.</summary>
public static class Loopback
{
    private static readonly (int Low, int High) Range = PortsBelowTheEphemeralRange();

    /// <summary>
    /// A TCP port on 127.0.0.1 that was free a moment ago, taken below the kernel's ephemeral range: a port from that range
    /// (what binding port 0 gives) can be taken meanwhile by any outgoing connection on the machine (a Hale's etcd client, a
    /// probe), and the process the test starts later fails with "address already in use".
    /// </summary>
    /// <returns>The port.</returns>
    public static int FreePort()
    {
        for (var attempt = 0; Range.High > 0 && attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Range.Low, Range.High + 1);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use: another.
            }
        }

        using var any = new TcpListener(IPAddress.Loopback, 0);
        any.Start();
        return ((IPEndPoint)any.LocalEndpoint).Port;
    }

    private static (int Low, int High) PortsBelowTheEphemeralRange()
    {
        var low = 32768;
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            low = int.Parse(text[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            // Linux's default.
        }

        // Up to 8,000 ports under the range, from 24000 (above the benchmarks' 18090 and 23190-23220); none when the range
        // starts too low to leave a thousand (then the kernel picks, as before).
        var high = low - 1;
        var start = Math.Max(24000, high - 8000);
        return high - start >= 1000 ? (start, high) : (0, 0);
    }
}
