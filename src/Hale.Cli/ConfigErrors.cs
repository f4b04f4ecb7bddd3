using Hale.Config;

namespace Hale.Cli;

/// <summary>Loads a configuration file, printing every error as <c>FILE:LINE:COL: message</c> (never a stack trace).</summary>
internal static class ConfigErrors
{
    public static HaleConfiguration? TryLoad(FileInfo file, TextWriter stderr, TimeProvider time)
    {
        try
        {
            return HaleConfigLoader.Load(file.FullName, time);
        }
        catch (ConfigException ex)
        {
            foreach (var error in ex.Errors)
            {
                stderr.WriteLine(error.ToString());
            }

            stderr.WriteLine($"{file.FullName}: {ex.Errors.Count} error{(ex.Errors.Count == 1 ? "" : "s")}");
            return null;
        }
    }
}
