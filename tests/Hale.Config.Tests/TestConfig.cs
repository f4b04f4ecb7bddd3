namespace Hale.Config.Tests;

/// <summary>Loads YAML text as if it were a file in a fresh temporary folder (the base of relative paths and of state).</summary>
internal static class TestConfig
{
    private static readonly string Root = CreateRoot();

    public static HaleConfiguration Parse(string yaml, TimeProvider? time = null) =>
        HaleConfigLoader.Parse(yaml, SourcePath(), time);

    public static HaleConfiguration Parse(string yaml, string sourcePath, TimeProvider? time = null) =>
        HaleConfigLoader.Parse(yaml, sourcePath, time);

    /// <summary>The errors the text has; fails the test when it loads.</summary>
    public static IReadOnlyList<ConfigError> Errors(string yaml)
    {
        var ex = Assert.Throws<ConfigException>(() => Parse(yaml));
        return ex.Errors;
    }

    /// <summary>The single error the text has.</summary>
    public static ConfigError Error(string yaml) => Assert.Single(Errors(yaml));

    public static string SourcePath() => Path.Combine(NewDirectory(), "hale.yaml");

    public static string NewDirectory() => Path.Combine(Root, Guid.NewGuid().ToString("N"));

    /// <summary>One folder per test process, removed when the process exits.</summary>
    private static string CreateRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), $"hale-config-tests-{Environment.ProcessId}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        };
        return root;
    }

    public static ComponentDefinition Component(this HaleConfiguration config, string name) =>
        Assert.Single(config.Components, c => c.Name == name);
}
