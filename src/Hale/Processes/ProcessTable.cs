using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Hale.Processes;

/// <summary>What <c>/proc</c> says about processes: liveness, command lines, environments, process groups; and the clean-up after a crash.</summary>
/// <remarks>
/// Reads <c>/proc</c> only (Linux). A process that vanishes while it is being read is treated as gone; files that cannot be
/// read (another user's <c>environ</c> when Hale is not root) are skipped. Every answer is a snapshot that may be stale by
/// the time it is used. Thread-safe.
/// </remarks>
internal static class ProcessTable
{
    private const string Proc = "/proc";

    /// <summary>Whether <paramref name="pid"/> is a running process: <c>/proc/PID</c> exists and its state is not zombie (<c>Z</c>) nor dead (<c>X</c>).</summary>
    /// <param name="pid">A process id; zero or negative is never alive.</param>
    /// <returns>True when alive. A killed orphan stays a zombie until PID 1 reaps it (up to ~2 s here): that is dead.</returns>
    public static bool IsAlive(int pid) => TryReadStat(pid, out var state, out _, out _) && state is not ('Z' or 'X' or 'x');

    /// <summary>The command line of <paramref name="pid"/>: <c>/proc/PID/cmdline</c> with its NUL separators as spaces.</summary>
    /// <param name="pid">A process id.</param>
    /// <returns>The command line; empty for a kernel thread or a zombie; null when the process is gone or unreadable.</returns>
    public static string? CommandLine(int pid)
    {
        var bytes = ReadProcFile(pid, "cmdline");
        if (bytes is null)
        {
            return null;
        }

        var length = bytes.Length;
        while (length > 0 && bytes[length - 1] == 0)
        {
            length--;
        }

        return Encoding.UTF8.GetString(bytes, 0, length).Replace('\0', ' ');
    }

    /// <summary>The arguments of <paramref name="pid"/> from <c>/proc/PID/cmdline</c>; null when it is gone, empty for a zombie or kernel thread.</summary>
    internal static string[]? CommandLineArguments(int pid)
    {
        var bytes = ReadProcFile(pid, "cmdline");
        return bytes is null ? null : Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Live processes whose <see cref="CommandLine"/> matches <paramref name="pattern"/> (a search, as Python's <c>re.search</c>), except Hale's own
    /// process and its children not yet past their <c>exec</c> (a fork shows its parent's command line until it execs).</summary>
    /// <param name="pattern">The pattern; a match timeout set on it applies.</param>
    /// <returns>The matching pids, ascending. Kernel threads and zombies (empty command lines) never match.</returns>
    /// <exception cref="RegexMatchTimeoutException">The pattern's match timeout passed.</exception>
    public static IReadOnlyList<int> FindByCommandLine(Regex pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var self = Environment.ProcessId;
        string? own = null;
        var found = new List<int>();
        foreach (var pid in AllPids())
        {
            // One read of the state after the command line: a fork that has exec'd, exited and been reaped since is not alive;
            // one still alive is Hale's fork when it showed Hale's command line, whether it has exec'd since or not.
            if (pid != self && CommandLine(pid) is { Length: > 0 } commandLine && pattern.IsMatch(commandLine)
                && TryReadStat(pid, out var state, out var parent, out _, out _) && state is not ('Z' or 'X' or 'x')
                && !(parent == self && commandLine == (own ??= CommandLine(self))))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>Live processes whose initial environment (<c>/proc/PID/environ</c>) holds exactly <c>key=value</c>.</summary>
    /// <param name="key">The variable name.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The matching pids, ascending; includes Hale's own process if its environment matches.</returns>
    public static IReadOnlyList<int> FindByEnvironment(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        var wanted = Encoding.UTF8.GetBytes($"{key}={value}");
        var found = new List<int>();
        foreach (var pid in AllPids())
        {
            if (ReadProcFile(pid, "environ") is { } environ && HasEntry(environ, wanted) && IsAlive(pid))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>Calls <paramref name="visit"/> with the pid and raw initial environment of every process whose environment is readable.</summary>
    internal static void ForEachEnvironment(Action<int, byte[]> visit)
    {
        foreach (var pid in AllPids())
        {
            if (ReadProcFile(pid, "environ") is { } environ)
            {
                visit(pid, environ);
            }
        }
    }

    /// <summary>Whether a raw environment (NUL-separated) holds exactly the entry <paramref name="wanted"/> (<c>KEY=value</c> in UTF-8).</summary>
    internal static bool HasEntry(byte[] environ, ReadOnlySpan<byte> wanted)
    {
        var entries = environ.AsSpan();
        while (entries.Length > 0)
        {
            var end = entries.IndexOf((byte)0);
            var entry = end < 0 ? entries : entries[..end];
            if (entry.SequenceEqual(wanted))
            {
                return true;
            }

            entries = end < 0 ? [] : entries[(end + 1)..];
        }

        return false;
    }

    /// <summary>The process group of <paramref name="pid"/> (field <c>pgrp</c> of <c>/proc/PID/stat</c>).</summary>
    /// <param name="pid">A process id.</param>
    /// <returns>The group id; null when the process is gone.</returns>
    public static int? ProcessGroupOf(int pid) => TryReadStat(pid, out _, out var group, out _) ? group : null;

    /// <summary>
    /// Kills what is left of a previous Hale: every process with <c>HALE_OWNER=<paramref name="owner"/></c> in its environment,
    /// and the process group of each (SIGKILL). Hale's own process and process group are spared.
    /// </summary>
    /// <param name="owner">The <see cref="ProcessSpec.Owner"/> marker used by the previous run.</param>
    /// <returns>How many marked processes were found and sent SIGKILL.</returns>
    /// <exception cref="ArgumentException"><paramref name="owner"/> is null or empty.</exception>
    /// <remarks>
    /// Meant for start-up: after Hale was SIGKILLed the kernel killed its direct children (parent-death signal) but not their
    /// descendants. A few passes are made so that a process forked while the first pass ran is caught too. Killed orphans stay
    /// zombies until PID 1 reaps them; <see cref="IsAlive"/> already reports them dead.
    /// </remarks>
    public static int KillLeftovers(string owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        const int Passes = 3;
        var self = Environment.ProcessId;
        var ownGroup = ProcessGroupOf(self);
        var killed = new HashSet<int>();
        for (var pass = 0; pass < Passes; pass++)
        {
            var found = FindByEnvironment(ProcessSpec.OwnerVariable, owner).Where(pid => pid != self && !killed.Contains(pid)).ToList();
            if (found.Count == 0)
            {
                break;
            }

            foreach (var group in found.Select(ProcessGroupOf).OfType<int>().Distinct())
            {
                if (group != ownGroup)
                {
                    NativeMethods.KillProcessGroup(group, NativeMethods.SIGKILL);
                }
            }

            foreach (var pid in found)
            {
                NativeMethods.KillProcess(pid, NativeMethods.SIGKILL);
                killed.Add(pid);
            }
        }

        return killed.Count;
    }

    /// <summary>Reads state, process group and session from <c>/proc/PID/stat</c>, parsing after the last <c>)</c> (the name may hold any character).</summary>
    internal static bool TryReadStat(int pid, out char state, out int processGroup, out int session) =>
        TryReadStat(pid, out state, out _, out processGroup, out session);

    /// <summary>Reads state, parent, process group and session from <c>/proc/PID/stat</c> (fields 3 to 6).</summary>
    private static bool TryReadStat(int pid, out char state, out int parent, out int processGroup, out int session)
    {
        state = '\0';
        parent = processGroup = session = 0;
        var bytes = ReadProcFile(pid, "stat");
        if (bytes is null)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes);
        var fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4 || fields[0].Length != 1
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out parent)
            || !int.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out processGroup)
            || !int.TryParse(fields[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out session))
        {
            return false;
        }

        state = fields[0][0];
        return true;
    }

    private static IEnumerable<int> AllPids()
    {
        var pids = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories(Proc))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                pids.Add(pid);
            }
        }

        pids.Sort();
        return pids;
    }

    private static byte[]? ReadProcFile(int pid, string name)
    {
        if (pid <= 0)
        {
            return null;
        }

        try
        {
            return File.ReadAllBytes(string.Create(CultureInfo.InvariantCulture, $"{Proc}/{pid}/{name}"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
