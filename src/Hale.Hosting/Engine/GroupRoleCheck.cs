using Hale.Checks;

namespace Hale.Hosting.Engine;

/// <summary>
/// What <c>/NAME</c> answers for a failover group: Ok (200) when this node's member was the active one in the group's last round
/// (up and not stopped), Fail (503) otherwise, also before the first round and when this node is not a member.
/// </summary>
/// <remarks>Reads the group's loop in force when evaluated, so that it follows a reload. Never throws; thread-safe.</remarks>
internal sealed class GroupRoleCheck(string name, Func<string, LocalGroupLoop?> find) : ICheck
{
    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        var loop = find(name);
        var result = loop switch
        {
            null => CheckResult.Fail($"group '{name}' is not running"),
            { LastReason: null } => CheckResult.Fail($"group '{name}': no round yet"),
            { IsActive: true } => CheckResult.Ok($"{loop.Node} is active: {loop.LastReason}"),
            _ => CheckResult.Fail($"{loop.Node} is not active: {loop.LastReason}"),
        };
        return ValueTask.FromResult(result);
    }
}
