using System.Net;
using Hale.Checks;
using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using Hale.Probes;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary><c>tcp: { host, port, timeout, source }</c> → <see cref="TcpCheck"/>.</summary>
internal sealed class TcpKind : ICheckKind
{
    /// <summary>The keys of <c>tcp:</c>.</summary>
    public static readonly MappingSpec Spec = new(
        "OK iff a TCP connection opens within the timeout.",
        KeySpec.Must("host", SchemaNode.Text, "The host name or address to connect to."),
        KeySpec.Must("port", ValueSchemas.Port, "The port: 1..65535 or a TCP service name of /etc/services."),
        new("timeout", ValueSchemas.Duration, "How long the connection (with the name lookup) may take. Default 10s."),
        new("source", SchemaNode.Text, "The local address to connect from: ADDR or ADDR:PORT (port 0 or absent: any)."));

    public string Name => "tcp";

    public string Description => Spec.Description;

    public SchemaNode Schema => Spec.Schema;

    public ICheck? Build(YamlNode value, CheckPath path, CheckReader reader)
    {
        var c = reader.Context;
        var before = c.Errors.Count;
        if (MappingReader.Open(value, c.Errors, Name, Spec) is not { } map)
        {
            return null;
        }

        var host = map.Required("host") is { } h ? YamlValues.String(h, c.Errors, "host") : null;
        var port = map.Required("port") is { } p ? ConfigValues.Port(p, c.Errors, "port") : null;
        var timeout = map.Optional("timeout") is { } t ? ConfigValues.Duration(t, c.Errors, "timeout", positive: false) : CheckDefaults.Timeout;
        var source = map.Optional("source") is { } s ? Source(s, c.Errors) : null;
        if (c.Errors.Count > before || host is null || port is null || timeout is null)
        {
            return null;
        }

        return c.Construct(value, Name, () => new TcpCheck(host, port.Value, timeout.Value, source, c.Time));
    }

    private static IPEndPoint? Source(YamlNode node, ErrorSink errors)
    {
        if (YamlValues.String(node, errors, "source") is not { } text)
        {
            return null;
        }

        if (!EndPointParser.TryParseSource(text, out var endPoint, out var error))
        {
            errors.Add(node, $"source: {error}");
        }

        return endPoint;
    }
}
