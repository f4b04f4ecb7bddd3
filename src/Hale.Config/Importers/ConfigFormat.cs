namespace Hale.Config.Importers;

/// <summary>The configuration formats Hale reads (<c>--format</c>); see COMPAT.md for what each one's behaviour is.</summary>
public enum ConfigFormat
{
    /// <summary>Hale's native YAML (<c>hale.yaml</c>).</summary>
    Hale,

    /// <summary>ha_valet's <c>ha_valet.cfg</c> (<c>:Section</c> blocks of <c>key = value</c>).</summary>
    Valet,

    /// <summary>heartbeat's <c>heartbeat.conf</c> (INI with a <c>[DEFAULT]</c> section and <c>%(name)s</c> interpolation).</summary>
    Heartbeat,

    /// <summary>autoheal's <c>conf.yaml</c> (a list of services with <c>alive</c>, <c>depends_on</c> and <c>start</c>).</summary>
    Autoheal,
}
