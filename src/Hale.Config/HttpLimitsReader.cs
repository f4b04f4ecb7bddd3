using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;

namespace Hale.Config;

/// <summary>Reads the limit keys of <c>http:</c> into <see cref="HttpLimits"/>; a missing key keeps its default.</summary>
internal static class HttpLimitsReader
{
    /// <summary>The keys this reader handles, to be allowed in <c>http:</c>.</summary>
    public static readonly KeySpec[] Keys =
    [
        new("max_connections", SchemaNode.Integer(1, HttpLimits.MaxConnectionsLimit), "Open TCP connections served at once, across every listen address; the next is closed at once. Default 1024."),
        new("max_request_header_bytes", SchemaNode.Integer(HttpLimits.MinRequestHeaderBytes, HttpLimits.MaxRequestHeaderBytesLimit), "The total size of a request's header lines; a larger request is answered 431. Default 16384."),
        new("request_headers_timeout", ValueSchemas.Duration, "How long a client may take to send a request's headers; at least 1s. Default 10s."),
        new("keep_alive_timeout", ValueSchemas.Duration, "How long a connection may stay idle; at least 1s. Default 30s."),
    ];

    public static HttpLimits Read(MappingReader? http, ErrorSink errors)
    {
        var limits = new HttpLimits();
        if (http is null)
        {
            return limits;
        }

        return limits with
        {
            MaxConnections = http.Optional("max_connections") is { } c
                ? YamlValues.Integer(c, errors, "max_connections", 1, HttpLimits.MaxConnectionsLimit) ?? limits.MaxConnections
                : limits.MaxConnections,
            MaxRequestHeaderBytes = http.Optional("max_request_header_bytes") is { } h
                ? YamlValues.Integer(h, errors, "max_request_header_bytes", HttpLimits.MinRequestHeaderBytes, HttpLimits.MaxRequestHeaderBytesLimit) ?? limits.MaxRequestHeaderBytes
                : limits.MaxRequestHeaderBytes,
            RequestHeadersTimeout = Timeout(http, errors, "request_headers_timeout") ?? limits.RequestHeadersTimeout,
            KeepAliveTimeout = Timeout(http, errors, "keep_alive_timeout") ?? limits.KeepAliveTimeout,
        };
    }

    private static TimeSpan? Timeout(MappingReader http, ErrorSink errors, string key)
    {
        if (http.Optional(key) is not { } node || ConfigValues.Duration(node, errors, key, positive: true) is not { } value)
        {
            return null;
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            errors.Add(node, $"{key}: must be at least 1s");
            return null;
        }

        return value;
    }
}
