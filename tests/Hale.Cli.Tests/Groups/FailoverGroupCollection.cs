namespace Hale.Cli.Tests.Groups;

/// <summary>
/// The failover-group end-to-end classes: each starts a 3-member etcd and three Hales, so they run one after another (beside the
/// other test classes, not beside each other) to keep a 2-core machine's load bearable.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FailoverGroupCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "failover groups";
}
