namespace Hale.Config.Tests.Importers.Valet;

/// <summary>The ha_valet README's example files (copied beside the tests).</summary>
internal static class ValetFixtures
{
    public static string HostA => Path.Combine(AppContext.BaseDirectory, "Importers", "Valet", "Fixtures", "ha_valet.host_a.cfg");

    public static string HostB => Path.Combine(AppContext.BaseDirectory, "Importers", "Valet", "Fixtures", "ha_valet.host_b.cfg");

    public static string Text(string path) => File.ReadAllText(path);
}
