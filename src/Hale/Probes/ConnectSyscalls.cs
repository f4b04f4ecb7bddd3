using System.Runtime.InteropServices;

namespace Hale.Probes;

/// <summary>
/// The libc calls of a TCP connect probe (<see cref="TcpConnect"/>, <see cref="ConnectWaiter"/>): a non-blocking socket, its
/// connect, <c>SO_ERROR</c>, an epoll set. Constants are Linux's (x86-64 and arm64 agree on every one used here).
/// </summary>
internal static unsafe partial class ConnectSyscalls
{
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EISCONN = 106;
    public const int ECONNREFUSED = 111;
    public const int EALREADY = 114;
    public const int EINPROGRESS = 115;

    public const uint EPOLLOUT = 0x4;
    public const uint EPOLLONESHOT = 1u << 30;
    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const int EPOLL_CLOEXEC = 0x80000;

    private const int SOCK_STREAM = 1;
    private const int SOCK_NONBLOCK = 0x800;
    private const int SOCK_CLOEXEC = 0x80000;
    private const int SOL_SOCKET = 1;
    private const int SO_ERROR = 4;
    private const int SO_LINGER = 13;

    /// <summary>
    /// The size of one <c>struct epoll_event</c>: packed to 12 bytes on x86-64 (a 32-bit mask, then 64 bits of data), 16
    /// elsewhere.
    /// </summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>A non-blocking, close-on-exec TCP socket of <paramref name="family"/> (<c>AF_INET</c> 2, <c>AF_INET6</c> 10)
    /// that closes with a reset (linger 0); -1 and <paramref name="errno"/> on failure.</summary>
    public static int OpenLingerlessSocket(int family, out int errno)
    {
        var fd = Socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return -1;
        }

        var linger = stackalloc int[2] { 1, 0 };
        if (SetSockOpt(fd, SOL_SOCKET, SO_LINGER, linger, sizeof(int) * 2) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            Close(fd);
            return -1;
        }

        errno = 0;
        return fd;
    }

    /// <summary>The socket's pending error (<c>SO_ERROR</c>): 0 once connected, else why the connect failed.</summary>
    public static int PendingError(int fd)
    {
        int error = 0, length = sizeof(int);
        return GetSockOpt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 ? error : Marshal.GetLastPInvokeError();
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, void* value, int length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSockOpt(int fd, int level, int name, void* value, int* length);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epoll, int operation, int fd, byte* evt);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, byte* events, int maxEvents, int timeoutMilliseconds);
}
