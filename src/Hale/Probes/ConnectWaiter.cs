using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hale.Probes;

/// <summary>
/// Waits for TCP connects still in progress after their <c>connect</c> call (<see cref="TcpConnect"/>): one epoll set and one
/// thread (<c>hale-connect</c>) for the whole process, started at the first such connect.
/// </summary>
/// <remarks>
/// <para>Each socket is registered for writability, once (<c>EPOLLONESHOT</c>); when it fires, the connect's outcome is
/// read (<c>SO_ERROR</c>), the socket closed and the waiting task completed; its continuation runs on the thread pool, never
/// on the epoll thread. When the deadline token fires first, the socket is removed from the set and closed, and the task
/// completes with <see cref="TcpConnect.TimedOut"/>.</para>
/// <para>Whichever of the two takes a connect out of the table (under its lock) owns the socket from then on: a socket is
/// closed exactly once, and never while still registered, so a reused descriptor number cannot be confused with it.</para>
/// <para>Thread-safe.</para>
/// </remarks>
internal sealed unsafe class ConnectWaiter
{
    private const int MaxEvents = 256;
    private static readonly Lock s_createLock = new();
    private static ConnectWaiter? s_shared;

    private readonly int _epoll;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Waiting> _waiting = [];
    private long _lastId;
    private int _broken;

    private ConnectWaiter(int epoll)
    {
        _epoll = epoll;
        new Thread(Loop) { IsBackground = true, Name = "hale-connect" }.Start();
    }

    /// <summary>The process's waiter, created at first use.</summary>
    /// <exception cref="IOException">The epoll set cannot be created (asked again at the next use).</exception>
    public static ConnectWaiter Shared
    {
        get
        {
            if (Volatile.Read(ref s_shared) is { } shared)
            {
                return shared;
            }

            lock (s_createLock)
            {
                if (s_shared is null)
                {
                    var epoll = ConnectSyscalls.EpollCreate(ConnectSyscalls.EPOLL_CLOEXEC);
                    if (epoll < 0)
                    {
                        throw new IOException($"epoll_create1: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                    }

                    Volatile.Write(ref s_shared, new ConnectWaiter(epoll));
                }

                return s_shared!;
            }
        }
    }

    /// <summary>The connects waited for now (for tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Waits for the connect in progress on <paramref name="fd"/>, and closes the socket.</summary>
    /// <param name="fd">The socket; owned by the waiter from now on.</param>
    /// <param name="deadline">Abandons the connect when cancelled.</param>
    /// <returns>0 once connected, the errno of a failed connect, or <see cref="TcpConnect.TimedOut"/>.</returns>
    public Task<int> WaitAsync(int fd, CancellationToken deadline)
    {
        var waiting = new Waiting(this, fd, Interlocked.Increment(ref _lastId));
        lock (_lock)
        {
            if (_broken != 0)
            {
                ConnectSyscalls.Close(fd);
                waiting.TrySetResult(_broken);
                return waiting.Task;
            }

            _waiting.Add(waiting.Id, waiting);
        }

        // Registered before the socket joins the set: the epoll thread can then only see a waiting whose registration is set.
        // A deadline already passed runs Abandon here, and the socket never joins.
        waiting.Registration = deadline.UnsafeRegister(static w => ((Waiting)w!).Abandon(), waiting);
        lock (_lock)
        {
            if (_waiting.ContainsKey(waiting.Id))
            {
                var entry = stackalloc byte[16];
                Unsafe.WriteUnaligned(entry, ConnectSyscalls.EPOLLOUT | ConnectSyscalls.EPOLLONESHOT);
                Unsafe.WriteUnaligned(entry + ConnectSyscalls.EpollEventSize - sizeof(long), waiting.Id);
                if (ConnectSyscalls.EpollCtl(_epoll, ConnectSyscalls.EPOLL_CTL_ADD, fd, entry) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    _waiting.Remove(waiting.Id);
                    ConnectSyscalls.Close(fd);
                    waiting.Registration.Unregister();
                    waiting.TrySetResult(errno);
                }
            }
        }

        return waiting.Task;
    }

    private void Loop()
    {
        var buffer = GC.AllocateArray<byte>(MaxEvents * ConnectSyscalls.EpollEventSize, pinned: true);
        fixed (byte* events = buffer)
        {
            while (true)
            {
                var count = ConnectSyscalls.EpollWait(_epoll, events, MaxEvents, -1);
                if (count < 0)
                {
                    // EINTR (a signal) is routine; anything else would repeat at once.
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != ConnectSyscalls.EINTR)
                    {
                        Break(errno);
                        return;
                    }

                    continue;
                }

                for (var i = 0; i < count; i++)
                {
                    var entry = events + (i * ConnectSyscalls.EpollEventSize);
                    Finish(Unsafe.ReadUnaligned<long>(entry + ConnectSyscalls.EpollEventSize - sizeof(long)));
                }
            }
        }
    }

    /// <summary>The set cannot be waited on (never seen): every connect waiting fails with <paramref name="errno"/>, and the next
    /// one makes a new waiter.</summary>
    private void Break(int errno)
    {
        lock (s_createLock)
        {
            if (s_shared == this)
            {
                Volatile.Write(ref s_shared, null);
            }
        }

        List<Waiting> failed;
        lock (_lock)
        {
            _broken = errno;
            failed = [.. _waiting.Values];
            _waiting.Clear();
            foreach (var waiting in failed)
            {
                ConnectSyscalls.Close(waiting.Fd);
            }

            ConnectSyscalls.Close(_epoll);
        }

        foreach (var waiting in failed)
        {
            waiting.Registration.Unregister();
            waiting.TrySetResult(errno);
        }
    }

    private void Finish(long id)
    {
        Waiting? waiting;
        lock (_lock)
        {
            if (!_waiting.Remove(id, out waiting))
            {
                return;
            }
        }

        var outcome = ConnectSyscalls.PendingError(waiting.Fd);
        ConnectSyscalls.Close(waiting.Fd);
        waiting.Registration.Unregister();
        waiting.TrySetResult(outcome);
    }

    private void Abandon(Waiting waiting)
    {
        lock (_lock)
        {
            if (!_waiting.Remove(waiting.Id))
            {
                return;
            }

            // Out of the set before it is closed (ENOENT when it never joined: the deadline had passed).
            ConnectSyscalls.EpollCtl(_epoll, ConnectSyscalls.EPOLL_CTL_DEL, waiting.Fd, null);
            ConnectSyscalls.Close(waiting.Fd);
        }

        waiting.TrySetResult(TcpConnect.TimedOut);
    }

    private sealed class Waiting(ConnectWaiter owner, int fd, long id) : TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public int Fd { get; } = fd;

        public long Id { get; } = id;

        public CancellationTokenRegistration Registration { get; set; }

        public void Abandon() => owner.Abandon(this);
    }
}
