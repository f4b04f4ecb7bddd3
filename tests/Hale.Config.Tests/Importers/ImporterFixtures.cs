namespace Hale.Config.Tests.Importers;

/// <summary>The importers' fixture files (Importers/Fixtures, copied to the output folder) and helpers to load what they make.</summary>
internal static class ImporterFixtures
{
    /// <summary>The text of a fixture.</summary>
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Importers", "Fixtures", name));

    /// <summary>The generated YAML of a successful import; fails the test, showing the errors, otherwise.</summary>
    public static string Yaml(Hale.Config.Importers.ImportResult result)
    {
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        Assert.NotNull(result.NativeYaml);
        return result.NativeYaml;
    }

    /// <summary>Loads generated YAML with the native loader, as if it were a file beside <paramref name="sourcePath"/>.</summary>
    public static HaleConfiguration Load(string yaml, string sourcePath)
    {
        try
        {
            return HaleConfigLoader.Parse(yaml, sourcePath);
        }
        catch (ConfigException ex)
        {
            Assert.Fail($"the generated YAML does not load:\n{string.Join("\n", ex.Errors)}\n---\n{yaml}");
            throw;
        }
    }
}
