using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Hale.LoadBalancers;

namespace Hale.HAProxy;

/// <summary>
/// HAProxy's runtime API over its stats socket (TCP or unix), as <see cref="ILoadBalancerRuntime"/>.
/// </summary>
/// <remarks>
/// One command per connection: HAProxy closes a non-interactive session after its answer. The reply is read up to the
/// first empty line (or the end of the stream). A <c>set server</c> succeeds with an empty reply; any text is HAProxy's
/// error. Connect, send and read share one timeout per call, measured on the given <see cref="TimeProvider"/>.
/// Thread-safe: calls share no state.
/// </remarks>
public sealed class HAProxyRuntimeClient : ILoadBalancerRuntime
{
    /// <summary>The default timeout of one call: 5 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private const int MaxReplyBytes = 64 * 1024 * 1024;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a client.</summary>
    /// <param name="endpoint">The stats socket; it must be at <c>level admin</c> for <c>set server</c>.</param>
    /// <param name="timeout">The limit of one call (connect, send and read together); <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="timeProvider">The clock of the timeout; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="name">A name for logs; the endpoint's text when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public HAProxyRuntimeClient(HAProxyEndpoint endpoint, TimeSpan? timeout = null, TimeProvider? timeProvider = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        Timeout = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero);
        _timeProvider = timeProvider ?? TimeProvider.System;
        Name = name ?? endpoint.Text;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The stats socket.</summary>
    public HAProxyEndpoint Endpoint { get; }

    /// <summary>The limit of one call.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The runtime API command for a state, e.g. <c>set server be_app/s1 state drain</c>.</summary>
    /// <param name="server">The server.</param>
    /// <param name="state">The state.</param>
    /// <returns>The command line, without a newline.</returns>
    public static string SetServerStateCommand(ServerAddress server, ServerAdminState state)
    {
        ArgumentNullException.ThrowIfNull(server);
        var word = state switch
        {
            ServerAdminState.Ready => "ready",
            ServerAdminState.Drain => "drain",
            ServerAdminState.Maint => "maint",
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown state"),
        };
        return $"set server {server.Backend}/{server.Server} state {word}";
    }

    /// <inheritdoc />
    public async Task SetServerStateAsync(ServerAddress server, ServerAdminState state, CancellationToken cancellationToken)
    {
        var command = SetServerStateCommand(server, state);
        var reply = await SendAsync(command, cancellationToken).ConfigureAwait(false);
        if (reply.Length != 0)
        {
            throw new LoadBalancerException(reply);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ServerStateRow>> ShowServersStateAsync(string? backend, CancellationToken cancellationToken)
    {
        var command = backend is null ? "show servers state" : $"show servers state {backend}";
        return HAProxyReplyParser.ParseServersState(await SendAsync(command, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<BalancerInfo> ShowInfoAsync(CancellationToken cancellationToken) =>
        HAProxyReplyParser.ParseInfo(await SendAsync("show info", cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<int?> CurrentSessionsAsync(ServerAddress server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var row = await FindStatAsync(server, cancellationToken).ConfigureAwait(false);
        return row is not null && row.TryGetValue("scur", out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var scur)
            ? scur
            : null;
    }

    /// <summary>One server's row of <c>show stat</c>, by column name (<c>status</c>, <c>scur</c>, <c>weight</c>, ...).</summary>
    /// <param name="server">The server.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The row, or null when HAProxy does not list the server.</returns>
    /// <exception cref="LoadBalancerException">HAProxy answered an error or could not be reached.</exception>
    public async Task<IReadOnlyDictionary<string, string>?> FindStatAsync(ServerAddress server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var rows = HAProxyReplyParser.ParseStat(await SendAsync("show stat", cancellationToken).ConfigureAwait(false));
        return rows.FirstOrDefault(r => r.GetValueOrDefault("pxname") == server.Backend && r.GetValueOrDefault("svname") == server.Server);
    }

    /// <summary>Sends one command on a new connection and returns the reply up to its first empty line.</summary>
    /// <param name="command">The command, e.g. <c>show info</c>; no newline.</param>
    /// <param name="cancellationToken">Cancels the call (then <see cref="OperationCanceledException"/> is thrown).</param>
    /// <returns>The reply without its final empty line and line break; empty for a bare success.</returns>
    /// <exception cref="ArgumentException">The command contains a line break.</exception>
    /// <exception cref="LoadBalancerException">The socket could not be reached, refused, timed out (<see cref="Timeout"/>) or broke (<see cref="LoadBalancerException.Unreachable"/>).</exception>
    public async Task<string> SendAsync(string command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.AsSpan().ContainsAny('\n', '\r'))
        {
            throw new ArgumentException("A command is one line.", nameof(command));
        }

        using var timeout = new CancellationTokenSource(Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var socket = Endpoint.IsUnix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(Endpoint.ToEndPoint(), linked.Token).ConfigureAwait(false);
            await socket.SendAsync(Encoding.UTF8.GetBytes(command + "\n"), SocketFlags.None, linked.Token).ConfigureAwait(false);
            return await ReadReplyAsync(socket, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LoadBalancerException($"HAProxy at {Endpoint} did not answer '{command}' within {Timeout.TotalSeconds:0.###} s")
            {
                Unreachable = true,
            };
        }
        catch (SocketException ex) when (IsRefused(ex))
        {
            throw new LoadBalancerException($"connection to HAProxy at {Endpoint} refused", ex) { Unreachable = true, ConnectionRefused = true };
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            throw new LoadBalancerException($"HAProxy at {Endpoint}: {ex.Message}", ex) { Unreachable = true };
        }
    }

    private bool IsRefused(SocketException ex) =>
        ex.SocketErrorCode == SocketError.ConnectionRefused
        || (Endpoint.IsUnix && ex.SocketErrorCode == SocketError.AddressNotAvailable); // no socket file: nothing listens

    private static async Task<string> ReadReplyAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var scanned = 0;
        while (true)
        {
            var count = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                return Decode(received.GetBuffer(), (int)received.Length);
            }

            received.Write(buffer, 0, count);
            if (received.Length > MaxReplyBytes)
            {
                throw new IOException($"reply longer than {MaxReplyBytes} bytes");
            }

            var data = received.GetBuffer();
            var end = EmptyLineAt(data, (int)received.Length, scanned);
            if (end >= 0)
            {
                return Decode(data, end);
            }

            scanned = Math.Max(0, (int)received.Length - 1);
        }
    }

    /// <summary>Where the text before the first empty line ends: 0 when the reply starts with a line break, else the index of the first "\n" of "\n\n".</summary>
    private static int EmptyLineAt(byte[] data, int length, int from)
    {
        if (length > 0 && data[0] == (byte)'\n')
        {
            return 0;
        }

        for (var i = Math.Max(1, from); i < length; i++)
        {
            if (data[i] == (byte)'\n' && data[i - 1] == (byte)'\n')
            {
                return i - 1;
            }
        }

        return -1;
    }

    private static string Decode(byte[] data, int length) => Encoding.UTF8.GetString(data, 0, length).TrimEnd('\n', '\r');
}
