namespace Hale.Probes;

/// <summary>Options of an <see cref="HttpCheck"/>.</summary>
public sealed class HttpCheckOptions
{
    /// <summary>The URL probed, <c>http</c> or <c>https</c>. Required.</summary>
    public required Uri Url { get; init; }

    /// <summary>Accepted final status codes. <value>The default is any 2xx.</value></summary>
    public ExpectedStatusCodes Expect { get; init; } = ExpectedStatusCodes.Success;

    /// <summary>The whole request, redirects included. <value>The default is 10 seconds (autoheal's).</value></summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>GET</c> or <c>HEAD</c>. <value>The default is GET.</value></summary>
    public HttpMethod Method { get; init; } = HttpMethod.Get;

    /// <summary>Follow redirects (at most 10) and judge the final status. <value>The default is true.</value></summary>
    public bool FollowRedirects { get; init; } = true;

    /// <summary>
    /// A PEM file of CA certificates trusted (instead of the system's) to verify an https server; null uses the system store.
    /// TLS is always verified.
    /// </summary>
    public string? TrustedCaFile { get; init; }
}
