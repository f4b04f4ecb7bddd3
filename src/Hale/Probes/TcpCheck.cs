using System.Net;
using System.Net.Sockets;
using Hale.Checks;

namespace Hale.Probes;

/// <summary>
/// OK iff a TCP connection to <see cref="Host"/>:<see cref="Port"/> completes within <see cref="Timeout"/>
/// (failover's <c>TCPCheck</c>, heartbeat's and autoheal's TCP dependency). Nothing is sent; the socket is closed at once,
/// with a reset (linger 0), so that no probe leaves a socket in TIME_WAIT on Hale's side.
/// </summary>
/// <remarks>
/// A host name is resolved on every evaluation; each resolved address is tried in turn, each with the full timeout,
/// until one connects. Resolution failure, refusal and timeout are FAIL results, never exceptions. A connect that ends within
/// its system call (a local service's, as a rule) is answered without waiting; one still in progress is waited for on an
/// epoll set shared by every probe (see <see cref="TcpConnect"/>). Thread-safe.
/// </remarks>
public sealed class TcpCheck : ICheck
{
    private readonly TimeProvider _time;
    private readonly RawSocketAddress? _literal;
    private readonly RawSocketAddress? _source;
    private readonly string? _connectedToLiteral;

    /// <summary>Creates the probe.</summary>
    /// <param name="host">A host name or an IPv4/IPv6 literal.</param>
    /// <param name="port">1..65535.</param>
    /// <param name="timeout">Per address, zero or more; zero fails unless the connection completes synchronously.</param>
    /// <param name="source">Optional local address and port to bind before connecting (port 0 = any).</param>
    /// <param name="timeProvider">The clock for the timeout; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The port is outside 1..65535 or the timeout is negative.</exception>
    public TcpCheck(string host, int port, TimeSpan timeout, IPEndPoint? source = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        Host = host;
        Port = port;
        Timeout = timeout;
        Source = source;
        _source = source is null ? null : new RawSocketAddress(source);
        _time = timeProvider ?? TimeProvider.System;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            // Most probes name an address: its socket address and its success text are made once, not on every run.
            _literal = new RawSocketAddress(new IPEndPoint(literal, port));
            _connectedToLiteral = $"connected to {_literal.EndPoint}";
        }
    }

    /// <summary>The host name or address.</summary>
    public string Host { get; }

    /// <summary>The port, 1..65535.</summary>
    public int Port { get; }

    /// <summary>The connect timeout per resolved address.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The local end point bound before connecting, if any.</summary>
    public IPEndPoint? Source { get; }

    /// <inheritdoc />
    public async ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        if (_literal is not null)
        {
            var error = await TryConnectAsync(_literal, cancellationToken).ConfigureAwait(false);
            return Finish(error is null ? CheckResult.Ok(_connectedToLiteral!) : CheckResult.Fail($"{_literal.EndPoint}: {error}"), started);
        }

        IPAddress[] addresses;
        using (var resolveTimeout = new ProbeTimeout(Timeout, _time, cancellationToken))
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(Host, resolveTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Finish(CheckResult.Fail($"resolving {Host} timed out after {Timeout.TotalMilliseconds:0} ms"), started);
            }
            catch (SocketException ex)
            {
                return Finish(CheckResult.Fail($"cannot resolve {Host}: {ex.Message}"), started);
            }
        }

        var failures = new List<string>(addresses.Length);
        foreach (var address in addresses)
        {
            var endPoint = new IPEndPoint(address, Port);
            var failure = await TryConnectAsync(new RawSocketAddress(endPoint), cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                return Finish(CheckResult.Ok($"connected to {endPoint}"), started);
            }

            failures.Add($"{endPoint}: {failure}");
        }

        var why = failures.Count == 0 ? $"{Host} has no address" : string.Join("; ", failures);
        return Finish(CheckResult.Fail(why), started);
    }

    private async ValueTask<string?> TryConnectAsync(RawSocketAddress target, CancellationToken cancellationToken)
    {
        var result = await TcpConnect.ConnectAsync(target, _source, Timeout, _time, cancellationToken).ConfigureAwait(false);
        return result == 0 ? null : TcpConnect.Describe(result, Timeout);
    }

    private CheckResult Finish(CheckResult result, long started) => result with { Duration = _time.GetElapsedTime(started) };
}
