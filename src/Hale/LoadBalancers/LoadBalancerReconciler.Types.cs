namespace Hale.LoadBalancers;

/// <summary>The reconciler's private types: the loop's signals and its table of servers.</summary>
public sealed partial class LoadBalancerReconciler
{
    /// <summary>A desired state (with a server), or a resync/retry (without).</summary>
    private readonly record struct Signal(ServerAddress? Server, ServerAdminState State)
    {
        public static Signal Resync => new(null, default);

        public static Signal Retry => new(null, default);
    }

    /// <summary>One server's row of the table; owned by the loop.</summary>
    private sealed class Entry(ServerAddress server, ServerAdminState desired)
    {
        public ServerAddress Server { get; } = server;

        public ServerAdminState Desired { get; set; } = desired;

        public ServerAdminState? LastApplied { get; set; }

        public DateTimeOffset? LastAppliedAt { get; set; }

        public string? LastError { get; set; }

        public ServerAdminState? Refused { get; set; }

        public HashSet<ServerAdminState> RefusalLogged { get; } = [];

        public ServerAdminState? DriftLogged { get; set; }
    }
}
