using System.Net.Sockets;

namespace Hale.Cli.Runtime;

/// <summary>An HTTP client for a running Hale's control socket (<c>STATE_DIR/hale.sock</c>), as supervisorctl talks to supervisord.</summary>
internal static class ControlClient
{
    public static HttpClient Create(string socketPath) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = new Uri("http://hale/"),
        Timeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Why the control socket cannot be reached, in words for an operator.</summary>
    public static string Explain(string socketPath, Exception ex) => (ex as SocketException ?? ex.InnerException as SocketException) switch
    {
        { SocketErrorCode: SocketError.ConnectionRefused or SocketError.AddressNotAvailable } =>
            $"no Hale is running with this state_dir: nothing answers on {socketPath}",
        { } socket => $"cannot connect to {socketPath}: {socket.Message}",
        null => $"cannot talk to Hale at {socketPath}: {ex.Message}",
    };
}
