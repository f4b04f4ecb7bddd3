using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Hale.Probes;

/// <summary>
/// One TCP connect probe on a raw non-blocking socket, closed at once with a reset (linger 0): what <see cref="TcpCheck"/>
/// does for each address it tries.
/// </summary>
/// <remarks>
/// <para>A connect that ends within the <c>connect</c> call (nearly every connect to a local service: the loopback handshake
/// runs inside the call) is answered on the calling thread with no wait, no timer and no allocation. One still in progress
/// is handed to <see cref="ConnectWaiter"/>'s epoll set until it ends or its timeout passes.</para>
/// <para>Through <see cref="Socket.ConnectAsync(EndPoint, CancellationToken)"/> every probe cost a managed socket (a
/// finalizable handle, an event-args object, a registration with .NET's socket engine), an epoll registration, a wait and a
/// hand-over between threads, even when the connect had already ended: 10,000 probes a second cost 2.7 times what the
/// same connects cost a bare C loop (bench/RESULTS.md).</para>
/// <para>Thread-safe.</para>
/// </remarks>
internal static class TcpConnect
{
    /// <summary>The result of a connect whose timeout passed (not an errno).</summary>
    public const int TimedOut = -1;

    /// <summary>Opens a connection to <paramref name="target"/> and closes it at once.</summary>
    /// <param name="target">Where to connect.</param>
    /// <param name="source">The local address (and port, 0 = any) to bind first, or null.</param>
    /// <param name="timeout">How long the connect may stay in progress; zero fails it unless it ended within the call.</param>
    /// <param name="time">The clock of the timeout.</param>
    /// <param name="cancellationToken">Abandons the connect.</param>
    /// <returns>0 when the connection opened; <see cref="TimedOut"/>; else the errno of the failure (socket, bind or connect).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ValueTask<int> ConnectAsync(RawSocketAddress target, RawSocketAddress? source, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fd = Start(target, source, out var outcome);
        return fd < 0 ? ValueTask.FromResult(outcome) : new ValueTask<int>(WaitAsync(fd, timeout, time, cancellationToken));
    }

    /// <summary>Describes a result of <see cref="ConnectAsync"/> that is not 0, as a probe's detail.</summary>
    /// <param name="result">The result.</param>
    /// <param name="timeout">The timeout it had.</param>
    /// <returns>"connection refused", "timed out after N ms", or the system's text for the errno.</returns>
    public static string Describe(int result, TimeSpan timeout) => result switch
    {
        TimedOut => $"timed out after {timeout.TotalMilliseconds:0} ms",
        ConnectSyscalls.ECONNREFUSED => "connection refused",
        _ => Marshal.GetPInvokeErrorMessage(result),
    };

    private static async Task<int> WaitAsync(int fd, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = new ProbeTimeout(timeout, time, cancellationToken);
        var result = await ConnectWaiter.Shared.WaitAsync(fd, deadline.Token).ConfigureAwait(false);
        if (result == TimedOut)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        return result;
    }

    /// <summary>Starts the connect. Returns the socket while the connect is in progress; -1 when it already ended (the socket is
    /// closed), with <paramref name="outcome"/> 0 or an errno.</summary>
    private static unsafe int Start(RawSocketAddress target, RawSocketAddress? source, out int outcome)
    {
        var fd = ConnectSyscalls.OpenLingerlessSocket(target.Family, out outcome);
        if (fd < 0)
        {
            return -1;
        }

        if (source is not null)
        {
            fixed (byte* local = source.Bytes)
            {
                if (ConnectSyscalls.Bind(fd, local, source.Bytes.Length) != 0)
                {
                    return Ended(fd, Marshal.GetLastPInvokeError(), out outcome);
                }
            }
        }

        // A non-blocking connect goes on in the background after EINPROGRESS, and after EINTR too (POSIX).
        var errno = Connect(fd, target);
        if (errno is not (ConnectSyscalls.EINPROGRESS or ConnectSyscalls.EINTR))
        {
            return Ended(fd, errno, out outcome);
        }

        // Asked again, connect tells how the handshake went in one call (a poll and SO_ERROR took two): 0 once it is open
        // (EISCONN where a kernel follows POSIX to the letter), EALREADY while it is still in progress, else why it failed. On
        // loopback the handshake has nearly always ended by now.
        errno = Connect(fd, target);
        if (errno is ConnectSyscalls.EALREADY or ConnectSyscalls.EINPROGRESS or ConnectSyscalls.EINTR)
        {
            outcome = 0;
            return fd;
        }

        return Ended(fd, errno == ConnectSyscalls.EISCONN ? 0 : errno, out outcome);
    }

    /// <summary>One <c>connect</c> call: 0, or its errno.</summary>
    private static unsafe int Connect(int fd, RawSocketAddress target)
    {
        fixed (byte* remote = target.Bytes)
        {
            return ConnectSyscalls.Connect(fd, remote, target.Bytes.Length) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    private static int Ended(int fd, int error, out int outcome)
    {
        ConnectSyscalls.Close(fd);
        outcome = error;
        return -1;
    }
}
