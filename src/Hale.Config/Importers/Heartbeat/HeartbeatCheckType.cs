namespace Hale.Config.Importers.Heartbeat;

/// <summary>A heartbeat check's <c>type</c>.</summary>
internal enum HeartbeatCheckType
{
    /// <summary>Healthy iff a TCP connection completes within the timeout.</summary>
    Tcp,

    /// <summary>Healthy iff <c>http://HOST:PORT/PATH</c> answers exactly 200 (redirects followed).</summary>
    Http,

    /// <summary>As <see cref="Http"/> over TLS, the certificate verified.</summary>
    Https,
}
