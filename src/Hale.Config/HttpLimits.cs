namespace Hale.Config;

/// <summary>
/// Resource limits of the HTTP listener (<c>http:</c> keys <c>max_connections</c>, <c>max_request_header_bytes</c>,
/// <c>request_headers_timeout</c>, <c>keep_alive_timeout</c>), so that no number of clients can exhaust Hale's file
/// descriptors or memory. Immutable; compared by value (a reload that changes them rebinds the listener).
/// </summary>
public sealed record HttpLimits
{
    /// <summary>The largest <see cref="MaxConnections"/> accepted.</summary>
    public const int MaxConnectionsLimit = 1_000_000;

    /// <summary>The smallest <see cref="MaxRequestHeaderBytes"/> accepted (1 KiB).</summary>
    public const int MinRequestHeaderBytes = 1024;

    /// <summary>The largest <see cref="MaxRequestHeaderBytes"/> accepted (1 MiB).</summary>
    public const int MaxRequestHeaderBytesLimit = 1024 * 1024;

    /// <summary>
    /// Open TCP connections served at once (<c>max_connections</c>), across every <c>listen</c> address; a connection past
    /// the cap is accepted and closed at once, without a response. The control socket is not counted, so <c>hale ctl</c>
    /// and <c>hale status</c> work during a flood. <value>The default is 1024; the range is 1..1,000,000.</value>
    /// </summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>
    /// The total size of a request's header lines (<c>max_request_header_bytes</c>); a larger request is answered
    /// 431. <value>The default is 16 KiB (16384); the range is 1 KiB..1 MiB.</value>
    /// </summary>
    public int MaxRequestHeaderBytes { get; init; } = 16 * 1024;

    /// <summary>
    /// How long a client may take to send a request's headers once it started (<c>request_headers_timeout</c>); a slower
    /// connection is closed. <value>The default is 10 seconds; at least 1 second.</value>
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a connection may stay idle, before its first request or between requests (<c>keep_alive_timeout</c>);
    /// then it is closed. <value>The default is 30 seconds; at least 1 second.</value>
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
