using Hale.Config.Schema;
using Hale.Config.Yaml;

namespace Hale.Config;

/// <summary>Reads <c>http.metrics</c> (<c>true</c> or <c>false</c>): whether the listener serves the Prometheus scrape.</summary>
internal static class HttpMetricsReader
{
    /// <summary>The keys this reader handles, to be allowed in <c>http:</c>.</summary>
    public static readonly KeySpec[] Keys =
    [
        new("metrics", SchemaNode.Boolean, "Whether the listener serves the Prometheus scrape at /metrics and /-/metrics. Default true."),
    ];

    /// <summary>The value of <c>http.metrics</c>; true when missing (or invalid, with an error at the value).</summary>
    public static bool Read(MappingReader? http, ErrorSink errors) =>
        http?.Optional("metrics") is not { } node || (YamlValues.Boolean(node, errors, "metrics") ?? true);
}
