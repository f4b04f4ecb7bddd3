using Hale.Config.Values;
using Hale.Config.Yaml;

namespace Hale.Config;

/// <summary>Reads the limit keys of <c>http:</c> into <see cref="HttpLimits"/>; a missing key keeps its default.</summary>
internal static class HttpLimitsReader
{
    /// <summary>The keys this reader handles, to be allowed in <c>http:</c>.</summary>
    public static readonly string[] Keys = ["max_connections", "max_request_header_bytes", "request_headers_timeout", "keep_alive_timeout"];

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
