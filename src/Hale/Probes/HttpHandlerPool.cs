using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Hale.Probes;

/// <summary>
/// The connection handlers of <see cref="HttpCheck"/>s, shared process-wide by every check with the same handler-level options
/// (redirects followed or not, the trusted CA certificates): one <see cref="SocketsHttpHandler"/> keeps one connection pool per
/// scheme, host and port, so the checks of one target reuse its kept-alive connections instead of opening one per probe, and
/// 10,000 checks cost a few handlers, not 10,000. A handler lives while a check holds a <see cref="Lease"/> of it.
/// </summary>
/// <remarks>
/// A pooled connection is used for at most <see cref="ConnectionLifetime"/> (so a server that stops accepting new connections
/// is noticed within it) and closed after <see cref="ConnectionIdleTimeout"/> unused; at most
/// <see cref="MaxConnectionsPerTarget"/> are open to one target (a request waits for one, within its timeout). Per-request settings (method, URL,
/// expected status, timeout) stay each check's own. Thread-safe.
/// </remarks>
internal static class HttpHandlerPool
{
    /// <summary>How long a pooled connection is used before a new one is opened: 1 minute.</summary>
    public static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(1);

    /// <summary>How long a pooled connection may stay unused before it is closed: 30 seconds.</summary>
    public static readonly TimeSpan ConnectionIdleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most connections open to one scheme, host and port at once: 32. Without a bound, a burst (10,000 checks starting, or
    /// Hale short of CPU for a moment) opens one connection per request in flight and keeps them, up to the target's own
    /// connection limit, where the target starts refusing. A request beyond it waits for a free connection, within its timeout.
    /// </summary>
    public const int MaxConnectionsPerTarget = 32;

    private static readonly object Lock = new();
    private static readonly Dictionary<(bool FollowRedirects, string? CaPem), Entry> Entries = [];

    /// <summary>The number of live handlers (for tests).</summary>
    public static int Count
    {
        get
        {
            lock (Lock)
            {
                return Entries.Count;
            }
        }
    }

    /// <summary>Takes a lease of the handler for these options, creating it when no check holds one.</summary>
    /// <param name="followRedirects">Whether redirects are followed (at most 10).</param>
    /// <param name="trustedCaFile">A PEM file of trusted CA certificates, or null for the system's store. Read now: two
    /// checks naming the same file share a handler only while its content is the same.</param>
    /// <returns>The lease; dispose it once.</returns>
    /// <exception cref="IOException">The CA file cannot be read.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The CA file holds no certificate.</exception>
    public static Lease Rent(bool followRedirects, string? trustedCaFile)
    {
        var pem = trustedCaFile is null ? null : File.ReadAllText(trustedCaFile);
        var key = (followRedirects, pem);
        lock (Lock)
        {
            if (!Entries.TryGetValue(key, out var entry))
            {
                entry = new Entry(CreateHandler(followRedirects, pem, trustedCaFile));
                Entries[key] = entry;
            }

            entry.Leases++;
            return new Lease(key, entry.Handler);
        }
    }

    private static void Release((bool, string?) key)
    {
        SocketsHttpHandler? disposed = null;
        lock (Lock)
        {
            if (Entries.TryGetValue(key, out var entry) && --entry.Leases == 0)
            {
                Entries.Remove(key);
                disposed = entry.Handler;
            }
        }

        disposed?.Dispose();
    }

    private static SocketsHttpHandler CreateHandler(bool followRedirects, string? pem, string? caFile)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = followRedirects,
            MaxAutomaticRedirections = 10,
            PooledConnectionLifetime = ConnectionLifetime,
            PooledConnectionIdleTimeout = ConnectionIdleTimeout,
            MaxConnectionsPerServer = MaxConnectionsPerTarget,
            UseCookies = false,
            UseProxy = false,
        };
        if (pem is not null)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(pem);
            if (roots.Count == 0)
            {
                throw new System.Security.Cryptography.CryptographicException($"no certificate in '{caFile}'");
            }

            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedByRoots(certificate, errors, roots),
            };
        }

        return handler;
    }

    private static bool TrustedByRoots(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    /// <summary>A check's hold on a shared handler. Dispose once; the last lease's disposal disposes the handler.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly (bool, string?) _key;
        private int _disposed;

        internal Lease((bool, string?) key, SocketsHttpHandler handler)
        {
            _key = key;
            Handler = handler;
        }

        /// <summary>The shared handler; not to be disposed by the holder.</summary>
        public SocketsHttpHandler Handler { get; }

        /// <inheritdoc />
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Release(_key);
            }
        }
    }

    private sealed class Entry(SocketsHttpHandler handler)
    {
        public SocketsHttpHandler Handler { get; } = handler;

        public int Leases { get; set; }
    }
}
