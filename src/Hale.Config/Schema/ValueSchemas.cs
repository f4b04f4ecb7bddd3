using Hale.Config.Values;

namespace Hale.Config.Schema;

/// <summary>The schemas of Hale's value types, shared by the readers' <see cref="MappingSpec"/>s.</summary>
internal static class ValueSchemas
{
    /// <summary>A duration: <c>500ms</c>, <c>10s</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>, <c>1m30s</c> or <c>0</c>.</summary>
    public static SchemaNode Duration { get; } = SchemaNode.Ref(ConfigSchema.DurationDefinition);

    /// <summary>What <see cref="Duration"/> refers to.</summary>
    public static SchemaNode DurationBody { get; } = SchemaNode.AnyOf(SchemaNode.Pattern(DurationParser.SchemaPattern), SchemaNode.Integer(0, 0))
        .Describe($"A duration ({DurationParser.Examples}) or 0; at most {DurationParser.MaximumText}.");

    /// <summary>A size in bytes: a whole number, alone or with a binary unit (<c>10MB</c>, <c>512KB</c>, <c>1GiB</c>).</summary>
    public static SchemaNode Size { get; } = SchemaNode.AnyOf(
        SchemaNode.Integer(1, SizeParser.Maximum),
        SchemaNode.Pattern("^[0-9]+\\s*([Bb]|[KkMmGg]|[KkMmGg][Bb]|[KkMmGg]i[Bb])?$"));

    /// <summary>A count (an integer ≥ 1) or a duration: how long or how many results a hysteresis waits for.</summary>
    public static SchemaNode Threshold { get; } = SchemaNode.AnyOf(SchemaNode.Integer(1, int.MaxValue), SchemaNode.Pattern(DurationParser.SchemaPattern));

    /// <summary><c>ok</c> or <c>fail</c>, in any case.</summary>
    public static SchemaNode State { get; } = SchemaNode.Keyword("ok", "fail");

    /// <summary>A TCP port (1..65535) or a service name of /etc/services.</summary>
    public static SchemaNode Port { get; } = SchemaNode.AnyOf(SchemaNode.Integer(1, 65535), SchemaNode.Pattern("^\\S+$"));

    /// <summary>A check: the name of a top-level check, or a mapping with one kind key (<c>tcp</c>, <c>http</c>, ...).</summary>
    public static SchemaNode Check { get; } = SchemaNode.Ref(ConfigSchema.CheckDefinition);

    /// <summary>One shell command or a list of them, run in order.</summary>
    public static SchemaNode Commands { get; } = SchemaNode.OneOrList(SchemaNode.Text);

    /// <summary>
    /// The <c>haproxy</c> key of services, top-level checks and groups: <c>BALANCER:BACKEND/SERVER</c>, or a list of them
    /// (see <see cref="LoadBalancers.BindingReader"/>).
    /// </summary>
    public static SchemaNode Bindings { get; } = SchemaNode.OneOrList(SchemaNode.Pattern("^[^:]+:[^/]+/.+$"));

    /// <summary>The description of the <c>haproxy</c> key of services, top-level checks and groups.</summary>
    public const string BindingsDescription =
        "HAProxy servers that follow this one's state: \"balancer:backend/server\" (a balancer defined under the top-level haproxy), or a list of them.";

    /// <summary>The name of a section's entry that is served at /NAME: not empty, not starting with '/'.</summary>
    public const string ServedName = "^[^/]";
}
