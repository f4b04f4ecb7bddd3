using System.Collections.ObjectModel;
using System.Globalization;

namespace Hale.Processes;

/// <summary>What to run as an <see cref="OwnedProcess"/>: a shell command line or an argv, where, with what environment, as whom.</summary>
/// <remarks>Immutable once built; safe to share between threads. <see cref="Validate"/> reports every problem at once.</remarks>
public sealed class ProcessSpec
{
    /// <summary>The environment variable that marks every owned child and its descendants: <c>HALE_OWNER</c>.</summary>
    public const string OwnerVariable = "HALE_OWNER";

    /// <summary>The environment variable that marks one instance of a service and its descendants: <c>HALE_INSTANCE</c>.</summary>
    internal const string InstanceVariable = "HALE_INSTANCE";

    /// <summary>
    /// A shell command line. Exactly one of this and <see cref="Argv"/> is given. Without shell syntax it is split into words
    /// (POSIX quoting) and the program is exec'd directly, found on <c>PATH</c>; one simple command with redirections, expansions
    /// or leading assignments runs as <c>/bin/sh -c 'exec …'</c>; anything else as <c>/bin/sh -c LINE</c>. Either way, when the
    /// line is one command, <see cref="OwnedProcess.Pid"/> is the program's (see <see cref="CommandLineSplitter"/>).
    /// </summary>
    /// <value>The default value is null.</value>
    public string? CommandLine { get; init; }

    /// <summary>A program and its arguments, run without a shell; the program is searched on <c>PATH</c> unless it holds a <c>/</c>.</summary>
    /// <value>The default value is null.</value>
    public IReadOnlyList<string>? Argv { get; init; }

    /// <summary>The child's working directory; it must exist.</summary>
    /// <value>The default value is null: Hale's own working directory.</value>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables added to (or replacing those of) the environment the child inherits from Hale.</summary>
    /// <value>The default value is empty. <see cref="OwnerVariable"/> may not be set here.</value>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Run as this user (a name, or a numeric uid the system knows), with its primary group and supplementary groups.</summary>
    /// <value>The default value is null: Hale's user. Changing user needs Hale to run as root.</value>
    public string? User { get; init; }

    /// <summary>Run with this group (a name or a numeric gid). With <see cref="User"/>: instead of the user's primary group.
    /// Alone: the user stays Hale's and the supplementary groups are cleared.</summary>
    /// <value>The default value is null.</value>
    public string? Group { get; init; }

    /// <summary>
    /// The marker put in the child's environment as <c>HALE_OWNER=&lt;Owner&gt;</c>, inherited by its descendants, so that
    /// <see cref="ProcessTable.KillLeftovers"/> can find them after Hale was killed. Use one value per Hale instance (and service).
    /// </summary>
    /// <value>Required: not empty, no NUL character.</value>
    public required string Owner { get; init; }

    /// <summary>
    /// A marker of this one start, put in the child's environment as <c>HALE_INSTANCE=&lt;Instance&gt;</c> beside the owner, so that
    /// descendants that left the process group (<c>setsid</c>, a double fork into a new session) are found by it and signalled
    /// with the group (see <see cref="OwnedProcess.Signal"/>). Unique per start, e.g. <c>web:3f2a…</c>.
    /// </summary>
    /// <value>The default value is null: only the process group is signalled.</value>
    internal string? Instance { get; init; }

    /// <summary>Every problem with this spec.</summary>
    /// <returns>One message per problem; empty when the spec can be started.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CommandLine is null == Argv is null)
        {
            errors.Add(CommandLine is null ? "give CommandLine or Argv" : "give CommandLine or Argv, not both");
        }

        if (CommandLine is not null && string.IsNullOrWhiteSpace(CommandLine))
        {
            errors.Add("CommandLine is empty");
        }

        CheckNoNul(errors, CommandLine, "CommandLine");
        if (Argv is not null)
        {
            if (Argv.Count == 0 || string.IsNullOrEmpty(Argv[0]))
            {
                errors.Add("Argv needs a program as its first element");
            }

            for (var i = 0; i < Argv.Count; i++)
            {
                CheckNoNul(errors, Argv[i], string.Create(CultureInfo.InvariantCulture, $"Argv[{i}]"));
            }
        }

        CheckNotEmpty(errors, WorkingDirectory, "WorkingDirectory");
        CheckNotEmpty(errors, User, "User");
        CheckNotEmpty(errors, Group, "Group");
        if (string.IsNullOrWhiteSpace(Owner))
        {
            errors.Add($"Owner is required: it is the {OwnerVariable} marker");
        }

        CheckNoNul(errors, Owner, "Owner");
        CheckNotEmpty(errors, Instance, "Instance");
        foreach (var (key, value) in Environment ?? ReadOnlyDictionary<string, string>.Empty)
        {
            if (string.IsNullOrEmpty(key) || key.Contains('=', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add($"Environment has an invalid variable name '{key}'");
            }
            else if (key == OwnerVariable)
            {
                errors.Add($"Environment may not set {OwnerVariable}: it is the Owner");
            }
            else if (key == InstanceVariable && Instance is not null)
            {
                errors.Add($"Environment may not set {InstanceVariable}: it is the Instance");
            }

            CheckNoNul(errors, value, $"Environment[{key}]");
        }

        return errors;
    }

    /// <summary>The command for messages: the command line, or the argv joined by spaces.</summary>
    /// <returns>The command.</returns>
    public override string ToString() =>
        CommandLine ?? string.Join(' ', (Argv ?? []).Select(arg => arg.Length == 0 || arg.Any(char.IsWhiteSpace) ? $"'{arg}'" : arg));

    private static void CheckNotEmpty(List<string> errors, string? value, string name)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{name} is empty");
        }

        CheckNoNul(errors, value, name);
    }

    private static void CheckNoNul(List<string> errors, string? value, string name)
    {
        if (value is not null && value.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add($"{name} contains a NUL character");
        }
    }
}
