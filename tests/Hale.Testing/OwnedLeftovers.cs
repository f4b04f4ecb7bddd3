using System.Text;

namespace Hale.Testing;

/// <summary>
/// Finds and kills what a test's Hale left running: processes whose <c>HALE_OWNER</c> marker (the state directory of the Hale
/// that spawned them) lies under the test's folder. Never touches another test's processes, whatever their command line.
/// </summary>
public static class OwnedLeftovers
{
    /// <summary>Kills (SIGKILL) every process marked with an owner under <paramref name="folder"/>.</summary>
    /// <param name="folder">The test's temporary folder.</param>
    /// <returns>How many were killed.</returns>
    public static int KillUnder(string folder)
    {
        var killed = 0;
        foreach (var pid in Under(folder))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
                killed++;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }
        }

        return killed;
    }

    /// <summary>
    /// Kills (SIGKILL) every process whose command line names <paramref name="folder"/>: what a test started through a
    /// daemon's start command (no owner marker, its own session) and may have been restarted after the test's own kill.
    /// </summary>
    /// <param name="folder">The test's temporary folder.</param>
    /// <returns>How many were killed.</returns>
    public static int KillReferencing(string folder)
    {
        var path = Path.GetFullPath(folder);
        var killed = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "cmdline")));
                if (commandLine.Contains(path, StringComparison.Ordinal))
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                    killed++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }
        }

        return killed;
    }

    /// <summary>The processes marked with an owner under <paramref name="folder"/>.</summary>
    /// <param name="folder">The test's temporary folder.</param>
    /// <returns>Their pids.</returns>
    public static IReadOnlyList<int> Under(string folder)
    {
        var prefix = "HALE_OWNER=" + Path.GetFullPath(folder);
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var environment = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "environ")));
                if (environment.Split('\0').Any(v => v.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
