namespace Hale.Failover.Election;

/// <summary>What an <see cref="ElectionDecision"/> tells the group's loop to do now.</summary>
internal enum ElectionStep
{
    /// <summary>Nothing: stay as it is.</summary>
    Stay,

    /// <summary>Try to create the leader key on this node's lease.</summary>
    Campaign,

    /// <summary>This node holds the key on a live lease: run the promotion (service start, promote commands).</summary>
    Promote,

    /// <summary>Run the demotion (demote commands, stop the service) and keep the key, if any, to expire or be lost.</summary>
    Demote,

    /// <summary>Run the demotion, then delete the leader key (a fenced delete), so that the next member leads at once.</summary>
    Resign,

    /// <summary>Not promoted but holding the key (e.g. after a restart or a failed promotion): delete it without a demotion.</summary>
    Release,
}
