using Hale.Checks;
using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using Hale.Probes;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary>
/// <c>http: { url, expect, timeout, method, follow_redirects, ca_file }</c> → <see cref="HttpCheck"/>.
/// The CA file, when given, is read here (the core reads it at construction); an unreadable one is a configuration error.
/// </summary>
internal sealed class HttpKind : ICheckKind
{
    /// <summary>The keys of <c>http:</c>.</summary>
    public static readonly MappingSpec Spec = new(
        "OK iff an HTTP(S) request answers with an expected status within the timeout.",
        KeySpec.Must("url", SchemaNode.Pattern("^[hH][tT][tT][pP][sS]?://"), "The absolute http:// or https:// URL to request."),
        new("expect", SchemaNode.OneOrList(SchemaNode.AnyOf(
                SchemaNode.Integer(100, 599),
                SchemaNode.Pattern("^\\s*(?:[1-5][xX][xX]|[1-5][0-9][0-9])(?:\\s*,\\s*(?:[1-5][xX][xX]|[1-5][0-9][0-9]))*\\s*$"))),
            "The status codes that are OK: a code (200), a class (\"2xx\"), comma-separated, or a list of them. Default 2xx."),
        new("timeout", ValueSchemas.Duration, "How long the whole request may take; more than zero. Default 10s."),
        new("method", SchemaNode.Keyword("GET", "HEAD"), "GET or HEAD. Default GET."),
        new("follow_redirects", SchemaNode.Boolean, "Whether redirects are followed. Default true."),
        new("ca_file", SchemaNode.Text, "A PEM file of the certificate authorities trusted for https (relative to this file); default: the system's."));

    public string Name => "http";

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

        var url = map.Required("url") is { } u ? Url(u, c.Errors) : null;
        var expect = map.Optional("expect") is { } e ? Expect(e, c.Errors) : ExpectedStatusCodes.Success;
        var timeout = map.Optional("timeout") is { } t ? ConfigValues.Duration(t, c.Errors, "timeout", positive: true) : CheckDefaults.Timeout;
        var method = map.Optional("method") is { } m ? Method(m, c.Errors) : HttpMethod.Get;
        var follow = map.Optional("follow_redirects") is { } f ? YamlValues.Boolean(f, c.Errors, "follow_redirects") : true;
        var caFile = map.Optional("ca_file") is { } ca ? ConfigValues.Path(ca, c.Errors, "ca_file", c.BaseDirectory) : null;
        if (c.Errors.Count > before || url is null || expect is null || timeout is null || method is null || follow is null)
        {
            return null;
        }

        var options = new HttpCheckOptions
        {
            Url = url,
            Expect = expect,
            Timeout = timeout.Value,
            Method = method,
            FollowRedirects = follow.Value,
            TrustedCaFile = caFile,
        };
        var caNode = map.Optional("ca_file");
        return c.Construct(caNode ?? value, caNode is null ? Name : "ca_file", () => new HttpCheck(options, c.Time));
    }

    private static Uri? Url(YamlNode node, ErrorSink errors)
    {
        if (YamlValues.String(node, errors, "url") is not { } text)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        errors.Add(node, $"url: '{text}' is not an absolute http or https URL");
        return null;
    }

    private static ExpectedStatusCodes? Expect(YamlNode node, ErrorSink errors)
    {
        IEnumerable<YamlNode> entries = node is YamlSequenceNode list ? list.Children : [node];
        var texts = new List<string>();
        foreach (var entry in entries)
        {
            if (entry is not YamlScalarNode { Value: { Length: > 0 } text } || YamlValues.IsNull(entry))
            {
                errors.Add(entry, $"expect: expected a status code (200) or class (\"2xx\"), found {YamlValues.Describe(entry)}");
                continue;
            }

            try
            {
                ExpectedStatusCodes.Parse(text);
                texts.Add(text);
            }
            catch (FormatException ex)
            {
                errors.Add(entry, $"expect: {ex.Message}");
            }
        }

        if (node is YamlSequenceNode { Children.Count: 0 })
        {
            errors.Add(node, "expect: the list is empty");
        }

        return texts.Count == 0 ? null : ExpectedStatusCodes.Parse(string.Join(", ", texts));
    }

    private static HttpMethod? Method(YamlNode node, ErrorSink errors)
    {
        if (node is YamlScalarNode { Value: { } text })
        {
            if (text.Equals("GET", StringComparison.OrdinalIgnoreCase))
            {
                return HttpMethod.Get;
            }

            if (text.Equals("HEAD", StringComparison.OrdinalIgnoreCase))
            {
                return HttpMethod.Head;
            }
        }

        errors.Add(node, $"method: expected GET or HEAD, found {YamlValues.Describe(node)}");
        return null;
    }
}
