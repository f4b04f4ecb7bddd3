using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Hale.Hosting.Http;

/// <summary>
/// Caps the TCP connections served at once across the listen addresses it is attached to (<c>http.max_connections</c>):
/// a connection past the cap is closed at once, before any byte is read, as Kestrel's own
/// <c>MaxConcurrentConnections</c> does. Unlike that server-wide limit it leaves the control socket out, so local tools
/// still reach Hale during a flood.
/// </summary>
/// <remarks>
/// Reaching the cap is logged once per episode (a warning), and its end once with the number of connections closed
/// unserved, so a flood cannot flood the log. Thread-safe.
/// </remarks>
internal sealed class ConnectionCap(int limit, ILogger logger)
{
    private int _open;
    private int _saturated;
    private long _rejected;

    /// <summary>The connections being served now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>The connection middleware for <c>ListenOptions.Use</c>.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        if (Interlocked.Increment(ref _open) > limit)
        {
            Interlocked.Decrement(ref _open);
            Interlocked.Increment(ref _rejected);
            if (Interlocked.Exchange(ref _saturated, 1) == 0)
            {
                Log.ConnectionLimitReached(logger, limit);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }

        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            if (Interlocked.Decrement(ref _open) < limit && Volatile.Read(ref _saturated) == 1 && Interlocked.Exchange(ref _saturated, 0) == 1)
            {
                Log.ConnectionLimitCleared(logger, Interlocked.Exchange(ref _rejected, 0));
            }
        }
    };
}
