using System.Diagnostics;
using System.Globalization;

namespace Hale.Processes;

/// <summary>
/// Turns a <see cref="ProcessSpec"/> into the <see cref="ProcessStartInfo"/> of
/// <c>setsid setpriv --pdeathsig KILL [ids] -- program…</c>, after checking what can be checked before the fork.
/// A command line becomes the program's argv, or <c>/bin/sh -c</c>, as <see cref="CommandLineSplitter"/> decides.
/// </summary>
/// <remarks>
/// <c>setsid</c> (util-linux) calls <c>setsid()</c> and execs without forking, because a freshly forked .NET child is
/// not a process group leader: the child's pid is its session and process group id. <c>setpriv</c> changes the user and
/// group, then sets the parent-death signal (the kernel clears it on a change of credentials, so this order matters) and
/// execs the program. Thread-safe.
/// </remarks>
internal static class ProcessLaunch
{
    private const string DefaultSearchPath = "/bin:/usr/bin";
    private static readonly Lazy<string?> Setsid = new(() => FindUtility("setsid"));
    private static readonly Lazy<string?> Setpriv = new(() => FindUtility("setpriv"));
    private static readonly TimeSpan ExecTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Builds the start info.</summary>
    /// <exception cref="ProcessStartException">The working directory, user, group, program or a util-linux tool is missing.</exception>
    public static ProcessStartInfo Prepare(ProcessSpec spec)
    {
        var command = spec.ToString();
        if (spec.WorkingDirectory is { } directory && !Directory.Exists(directory))
        {
            throw Failure(command, $"working directory '{directory}' does not exist");
        }

        var setsid = Setsid.Value ?? throw Failure(command, "setsid (util-linux) is not installed");
        var setpriv = Setpriv.Value ?? throw Failure(command, "setpriv (util-linux) is not installed");
        var info = new ProcessStartInfo(setsid)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? string.Empty,
        };
        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        info.Environment[ProcessSpec.OwnerVariable] = spec.Owner;
        if (spec.Instance is { } instance)
        {
            info.Environment[ProcessSpec.InstanceVariable] = instance;
        }

        info.ArgumentList.Add(setpriv);
        info.ArgumentList.Add("--pdeathsig");
        info.ArgumentList.Add("KILL");
        AddIdentity(info.ArgumentList, spec, command);
        info.ArgumentList.Add("--");
        var plan = spec.CommandLine is { } commandLine ? CommandLineSplitter.Split(commandLine) : new CommandLinePlan(CommandLineKind.Direct, spec.Argv!);
        if (plan.Kind == CommandLineKind.Direct)
        {
            CheckProgram(plan.Argv[0], info.Environment.TryGetValue("PATH", out var path) ? path : null, spec.WorkingDirectory, command);
        }

        foreach (var argument in plan.Argv)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>
    /// Waits until <c>setsid</c> and <c>setpriv</c> have exec'd the program, or the child has ended, or 5 s have passed.
    /// </summary>
    /// <remarks>
    /// <see cref="Process.Start()"/> returns once <c>setsid</c> is exec'd; <c>setsid()</c>, the change of user and the arming of
    /// the parent-death signal follow within a few milliseconds. Until then the child is still in Hale's process group, so a
    /// signal to its group would miss it, and it would outlive a Hale killed at that moment. This spins on <c>/proc/PID</c>
    /// (the process group in <c>stat</c>, the program in <c>cmdline</c>); it typically ends within a couple of milliseconds.
    /// </remarks>
    /// <returns>Whether the program is running in its own group (false: it ended, or the wait timed out).</returns>
    public static bool WaitUntilExecuted(int pid)
    {
        var started = TimeProvider.System.GetTimestamp();
        var spinner = default(SpinWait);
        while (TimeProvider.System.GetElapsedTime(started) < ExecTimeout)
        {
            if (Probe(pid) is { } executed)
            {
                return executed;
            }

            spinner.SpinOnce();
        }

        return false;
    }

    /// <summary>
    /// <see cref="WaitUntilExecuted"/> without holding a thread: a few spins, then a look every millisecond (a timer, not a
    /// blocked thread), so that many children starting at once never starve the thread pool.
    /// </summary>
    /// <returns>Whether the program is running in its own group (false: it ended, or the wait timed out).</returns>
    public static async Task<bool> WaitUntilExecutedAsync(int pid)
    {
        const int Spins = 20;
        var started = TimeProvider.System.GetTimestamp();
        var spinner = default(SpinWait);
        while (TimeProvider.System.GetElapsedTime(started) < ExecTimeout)
        {
            if (Probe(pid) is { } executed)
            {
                return executed;
            }

            if (spinner.Count < Spins)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
            else
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System).ConfigureAwait(false);
            }
        }

        return false;
    }

    /// <summary>True: the program runs in its own group; false: the child ended; null: not yet.</summary>
    private static bool? Probe(int pid)
    {
        if (!ProcessTable.TryReadStat(pid, out var state, out var group, out _) || state is 'Z' or 'X')
        {
            return false;
        }

        return group == pid && ProcessTable.CommandLineArguments(pid) is [var program, ..] && program != Setsid.Value && program != Setpriv.Value
            ? true
            : null;
    }

    /// <summary>The exception for <paramref name="command"/> that could not start because of <paramref name="reason"/>.</summary>
    public static ProcessStartException Failure(string command, string reason, Exception? cause = null) =>
        new($"cannot start '{command}': {reason}", cause);

    private static void AddIdentity(ICollection<string> arguments, ProcessSpec spec, string command)
    {
        uint? uid = null;
        uint? gid = null;
        if (spec.User is { } user)
        {
            if (!UserAccounts.TryFindUser(user, out var userId, out var primaryGid))
            {
                throw Failure(command, $"unknown user '{user}'");
            }

            uid = userId;
            gid = primaryGid;
        }

        if (spec.Group is { } group)
        {
            if (!UserAccounts.TryFindGroup(group, out var groupId))
            {
                throw Failure(command, $"unknown group '{group}'");
            }

            gid = groupId;
        }

        if (uid is { } u)
        {
            arguments.Add("--reuid");
            arguments.Add(u.ToString(CultureInfo.InvariantCulture));
        }

        if (gid is { } g)
        {
            arguments.Add("--regid");
            arguments.Add(g.ToString(CultureInfo.InvariantCulture));
            arguments.Add(uid is null ? "--clear-groups" : "--init-groups");
        }
    }

    /// <summary>Fails early when <c>execvp</c> in the child would not find <paramref name="program"/>.</summary>
    private static void CheckProgram(string program, string? searchPath, string? workingDirectory, string command)
    {
        var baseDirectory = workingDirectory ?? System.Environment.CurrentDirectory;
        if (program.Contains('/', StringComparison.Ordinal))
        {
            var path = Path.Combine(baseDirectory, program);
            if (!File.Exists(path))
            {
                throw Failure(command, $"program '{program}' does not exist");
            }

            if (!IsExecutableFile(path))
            {
                throw Failure(command, $"program '{program}' is not executable");
            }

            return;
        }

        if (FindOnPath(program, searchPath ?? DefaultSearchPath, baseDirectory) is null)
        {
            throw Failure(command, $"program '{program}' was not found on PATH ({searchPath ?? DefaultSearchPath})");
        }
    }

    private static string? FindUtility(string name) =>
        FindOnPath(name, System.Environment.GetEnvironmentVariable("PATH") ?? DefaultSearchPath, System.Environment.CurrentDirectory)
        ?? FindOnPath(name, "/usr/bin:/bin", "/");

    private static string? FindOnPath(string program, string searchPath, string baseDirectory)
    {
        foreach (var entry in searchPath.Split(':'))
        {
            var candidate = Path.Combine(entry.Length == 0 ? baseDirectory : Path.Combine(baseDirectory, entry), program);
            if (IsExecutableFile(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutableFile(string path)
    {
        const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        try
        {
            return !OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & AnyExecute) != 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
