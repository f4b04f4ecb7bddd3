using Hale.Processes;

namespace Hale.Failover;

/// <summary>
/// Runs a failover group's test command once for each member, all at once, each with <c>{host}</c> and <c>{user}</c> bound and
/// bounded by the group's timeout, and maps each ending to ha_valet's exit-code priority.
/// </summary>
/// <remarks>Each command runs through <see cref="ShellCommand"/> in its own process group, killed at the timeout. Never throws for a
/// member whose command fails or cannot start (that is its result). Thread-safe.</remarks>
internal static class ValetProber
{
    /// <summary>Probes every member.</summary>
    /// <param name="members">The members.</param>
    /// <param name="testTemplate">The test command template.</param>
    /// <param name="user">The user bound to <c>{user}</c>, or null.</param>
    /// <param name="timeout">How long each test command may run.</param>
    /// <param name="timeProvider">The clock for the timeouts.</param>
    /// <param name="cancellationToken">Kills the commands still running and throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>Each member's result, keyed by host case-insensitively.</returns>
    /// <exception cref="ArgumentException">A host or the user cannot be bound (<see cref="CommandTemplate.Bind"/>).</exception>
    public static async Task<IReadOnlyDictionary<string, ValetProbeResult>> ProbeAsync(
        IReadOnlyList<FailoverMember> members, string testTemplate, string? user, TimeSpan timeout, TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(testTemplate);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var commands = members.Select(m => (m.Host, Command: CommandTemplate.Bind(testTemplate, m.Host, user))).ToList();
        var runs = commands.Select(c => ShellCommand.RunAsync(c.Command, timeout, timeProvider, killGroupOnExit: true, cancellationToken)).ToList();
        var outcomes = await Task.WhenAll(runs).ConfigureAwait(false);
        var results = new Dictionary<string, ValetProbeResult>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < commands.Count; i++)
        {
            results[commands[i].Host] = ValetProbeResult.FromOutcome(outcomes[i]);
        }

        return results;
    }
}
