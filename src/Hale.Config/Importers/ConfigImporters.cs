using Hale.Config.Importers.Autoheal;
using Hale.Config.Importers.Heartbeat;
using Hale.Config.Importers.Valet;

namespace Hale.Config.Importers;

/// <summary>
/// The importers Hale has, and format detection: a file is read by the first importer whose <see cref="IConfigImporter.Detect"/>
/// says yes, else as native YAML. Thread-safe (the importers are stateless).
/// </summary>
public static class ConfigImporters
{
    /// <summary>Every importer, in the order detection asks them.</summary>
    public static IReadOnlyList<IConfigImporter> All { get; } =
    [
        new ValetImporter(),
        HeartbeatImporter.Instance,
        AutohealImporter.Instance,
    ];

    /// <summary>The importer of <paramref name="format"/>, or null (the native format, or a format this build cannot read).</summary>
    /// <param name="format">The format.</param>
    /// <returns>The importer, or null.</returns>
    public static IConfigImporter? For(ConfigFormat format) => All.FirstOrDefault(i => i.Format == format);

    /// <summary>The format of <paramref name="text"/>: the first importer that recognises it, else <see cref="ConfigFormat.Hale"/>.</summary>
    /// <param name="text">The file's text.</param>
    /// <returns>The format.</returns>
    public static ConfigFormat Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return All.FirstOrDefault(i => i.Detect(text))?.Format ?? ConfigFormat.Hale;
    }

    /// <summary>The format named <paramref name="name"/> (<c>hale</c>, <c>valet</c>, <c>heartbeat</c>, <c>autoheal</c>; case-insensitive).</summary>
    /// <param name="name">The name, as <c>--format</c> takes it.</param>
    /// <param name="format">The format, when the name is known.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParse(string? name, out ConfigFormat format)
    {
        format = ConfigFormat.Hale;
        switch (name?.Trim().ToUpperInvariant())
        {
            case "HALE" or "NATIVE" or "YAML":
                format = ConfigFormat.Hale;
                return true;
            case "VALET" or "HA_VALET":
                format = ConfigFormat.Valet;
                return true;
            case "HEARTBEAT":
                format = ConfigFormat.Heartbeat;
                return true;
            case "AUTOHEAL":
                format = ConfigFormat.Autoheal;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The name <c>--format</c> takes for <paramref name="format"/>.</summary>
    /// <param name="format">The format.</param>
    /// <returns>E.g. <c>valet</c>.</returns>
    public static string Name(ConfigFormat format) => format.ToString().ToLowerInvariant();
}
