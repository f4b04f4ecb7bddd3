using System.Net;
using System.Net.Sockets;

namespace Hale.Probes;

/// <summary>An IPv4 or IPv6 end point as the kernel takes it (<c>struct sockaddr_in</c> or <c>sockaddr_in6</c>), made once
/// for the connect and bind calls of <see cref="TcpConnect"/>. Immutable.</summary>
internal sealed class RawSocketAddress
{
    private const int AF_INET = 2;
    private const int AF_INET6 = 10;

    /// <summary>Serializes <paramref name="endPoint"/>.</summary>
    /// <param name="endPoint">An IPv4 or IPv6 end point.</param>
    /// <exception cref="ArgumentException">Another address family.</exception>
    public RawSocketAddress(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        Family = endPoint.AddressFamily switch
        {
            AddressFamily.InterNetwork => AF_INET,
            AddressFamily.InterNetworkV6 => AF_INET6,
            _ => throw new ArgumentException($"{endPoint}: not an IPv4 or IPv6 address", nameof(endPoint)),
        };

        // .NET keeps a SocketAddress in the platform's own layout.
        var address = endPoint.Serialize();
        Bytes = address.Buffer.Span[..address.Size].ToArray();
        EndPoint = endPoint;
    }

    /// <summary>The end point.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The socket's address family: <c>AF_INET</c> (2) or <c>AF_INET6</c> (10).</summary>
    public int Family { get; }

    /// <summary>The <c>sockaddr</c> bytes.</summary>
    public byte[] Bytes { get; }
}
