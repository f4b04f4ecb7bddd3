using System.Net;
using System.Net.Sockets;

namespace Hale.Testing;

/// <summary>Ports on 127.0.0.1 for tests.</summary>
public static class Loopback
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).</summary>
    /// <returns>The port.</returns>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
