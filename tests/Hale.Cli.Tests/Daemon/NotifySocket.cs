using System.Net.Sockets;
using System.Text;

namespace Hale.Cli.Tests.Daemon;

/// <summary>A bound Unix datagram socket standing in for systemd's notification socket.</summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    private NotifySocket(string notifySocketValue, string bindName)
    {
        NotifySocketValue = notifySocketValue;
        _socket.Bind(new UnixDomainSocketEndPoint(bindName));
    }

    /// <summary>What <c>NOTIFY_SOCKET</c> is set to for this socket.</summary>
    public string NotifySocketValue { get; }

    public static NotifySocket AtPath(string path) => new(path, path);

    public static NotifySocket Abstract(string name) => new("@" + name, "\0" + name);

    public async Task<string> ReceiveAsync()
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var count = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, count);
    }

    /// <summary>Nothing arrives within <paramref name="wait"/>.</summary>
    public bool NothingWithin(TimeSpan wait) => !_socket.Poll(wait, SelectMode.SelectRead);

    public void Dispose() => _socket.Dispose();
}
