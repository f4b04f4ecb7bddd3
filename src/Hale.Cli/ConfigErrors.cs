using Hale.Config;

namespace Hale.Cli;

/// <summary>Loads a configuration file, printing every error as <c>FILE:LINE:COL: message</c> (never a stack trace).</summary>
internal static class ConfigErrors
{
    public static HaleConfiguration? TryLoad(FileInfo file, TextWriter stderr, TimeProvider time) => TryLoad(new ConfigSource(file), stderr, time);

    /// <summary>Loads <paramref name="source"/> in its format; an importer's warnings are printed as <c>FILE:LINE: message</c>.</summary>
    public static HaleConfiguration? TryLoad(ConfigSource source, TextWriter stderr, TimeProvider time)
    {
        try
        {
            return source.Load(time, stderr.WriteLine);
        }
        catch (ConfigException ex)
        {
            Print(source.File, ex.Errors, stderr);
            return null;
        }
    }

    /// <summary>Every error as <c>FILE:LINE:COL: message</c>, then how many.</summary>
    public static void Print(FileInfo file, IReadOnlyList<ConfigError> errors, TextWriter stderr)
    {
        foreach (var error in errors)
        {
            stderr.WriteLine(error.ToString());
        }

        stderr.WriteLine($"{file.FullName}: {errors.Count} error{(errors.Count == 1 ? "" : "s")}");
    }
}
