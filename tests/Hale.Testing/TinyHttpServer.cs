using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Hale.Testing;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 and an ephemeral port that answers every request with a status the test sets,
/// and can redirect. Counts requests. Stopped by <see cref="DisposeAsync"/>.
/// </summary>
public sealed class TinyHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly X509Certificate2? _certificate;
    private int _requests;
    private int _connections;

    /// <summary>Starts listening; with a certificate (holding its private key) it speaks HTTPS.</summary>
    /// <param name="certificate">The server certificate, or null for plain HTTP.</param>
    public TinyHttpServer(X509Certificate2? certificate = null)
    {
        _certificate = certificate;
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    /// <summary>The port.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The status answered to paths other than <c>/redirect</c>.</summary>
    public int Status { get; set; } = 200;

    /// <summary>A delay before answering.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>How many requests were read.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How many connections were accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>
    /// Keep connections alive: answer without <c>Connection: close</c> and read the next request on the same connection.
    /// Off by default (one request per connection).
    /// </summary>
    public bool KeepAlive { get; set; }

    /// <summary>The URL of <paramref name="path"/>.</summary>
    /// <param name="path">A path starting with /.</param>
    /// <returns>The URL.</returns>
    public Uri Url(string path = "/") => new($"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}{path}");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate is not null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                    stream = tls;
                }

                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                do
                {
                    var requestLine = await reader.ReadLineAsync(_stop.Token);
                    if (string.IsNullOrEmpty(requestLine))
                    {
                        return;
                    }

                    while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token)))
                    {
                    }

                    Interlocked.Increment(ref _requests);
                    if (Delay > TimeSpan.Zero)
                    {
                        await Task.Delay(Delay, _stop.Token);
                    }

                    var connection = KeepAlive ? string.Empty : "Connection: close\r\n";
                    var path = requestLine.Split(' ').ElementAtOrDefault(1) ?? "/";
                    var response = path == "/redirect"
                        ? $"HTTP/1.1 302 Found\r\nLocation: /\r\nContent-Length: 0\r\n{connection}\r\n"
                        : $"HTTP/1.1 {Status} X\r\nContent-Length: 0\r\n{connection}\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
                }
                while (KeepAlive);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or System.Security.Authentication.AuthenticationException)
            {
            }
        }
    }
}
