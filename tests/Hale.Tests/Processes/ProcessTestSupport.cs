using System.Globalization;
using Hale.Processes;

namespace Hale.Tests.Processes;

/// <summary>Helpers for tests with real child processes.</summary>
internal static class ProcessTestSupport
{
    public const string Python = "/usr/bin/python3";

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>A spec for a shell command line with an owner marker unique to the test.</summary>
    public static ProcessSpec Shell(string commandLine, string? owner = null) =>
        new() { CommandLine = commandLine, Owner = owner ?? NewOwner() };

    public static string NewOwner() => "hale-test-" + Guid.NewGuid().ToString("N");

    /// <summary>Polls <paramref name="condition"/> every 10 ms until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    /// <summary>The first value of a line of /proc/PID/status, e.g. "Uid".</summary>
    public static string StatusField(int pid, string name) =>
        File.ReadAllLines($"/proc/{pid}/status")
            .Single(line => line.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..]
            .Split('\t', StringSplitOptions.RemoveEmptyEntries)[0];

    public static int ParsePid(string text) => int.Parse(text.Trim(), CultureInfo.InvariantCulture);

    /// <summary>SIGKILLs a pid the test started outside <see cref="OwnedProcess"/>, if it still runs.</summary>
    public static void KillIfAlive(int pid)
    {
        if (pid > 1 && ProcessTable.IsAlive(pid))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone meanwhile.
            }
        }
    }
}
