namespace Hale.Cli.Commands;

/// <summary>
/// Whether <c>hale ctl VERB NAME</c> has had its outcome, from the service's status before the command and now, in
/// supervisorctl's words: <c>started</c>, <c>stopped</c>, <c>reset</c>, or <c>ERROR (held)</c>, <c>ERROR (exited: exit 3)</c>.
/// </summary>
internal static class CtlOutcome
{
    /// <summary>
    /// The line to print after <c>NAME: </c>, or null while the outcome is not known yet. A start or restart has failed when
    /// the service is held, when a failed start or crash was counted since the command (its restarts changed), or when it is
    /// stopped and unwanted again since the command (a withheld start).
    /// </summary>
    /// <param name="verb">start, stop, restart or reset.</param>
    /// <param name="before">The service before the command was sent.</param>
    /// <param name="now">The service now.</param>
    /// <returns>The outcome and whether it is a failure; null to keep waiting.</returns>
    public static (string Text, bool Failed)? Decide(string verb, CtlService before, CtlService now)
    {
        switch (verb)
        {
            case "stop":
                return now.State == "stopped" ? ("stopped", false) : null;
            case "reset":
                return now.State != "fatal" ? ("reset", false) : null;
            default:
                if (now.State == "fatal")
                {
                    return ("ERROR (held: too many starts; `hale ctl reset " + now.Name + "` clears the hold)", true);
                }

                if (now.Restarts != before.Restarts)
                {
                    return ($"ERROR (exited: {now.LastExit ?? "failed to start"})", true);
                }

                // Stopped again, and no longer wanted, since the command: its start was withheld (a failover group's
                // standby member) or another command stopped it.
                if (now.State == "stopped" && !now.Wanted && now.Since != before.Since)
                {
                    return ($"ERROR ({now.LastError ?? "stopped by another command"})", true);
                }

                var fresh = verb == "start" ? !before.IsUp || now.StartedAt != before.StartedAt : now.StartedAt != before.StartedAt;
                return now.IsUp && fresh ? ("started", false) : null;
        }
    }

    /// <summary>What is said when the outcome is not known in time.</summary>
    public static string TimedOut(TimeSpan timeout, CtlService? now) =>
        $"ERROR (timed out after {timeout.TotalSeconds:0.###} s: {(now is null ? "gone" : now.WaitingFor is { } waiting ? $"{now.State}, waiting for {waiting}" : now.State)})";
}
