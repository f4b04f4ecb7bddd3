using Hale.Checks;

namespace Hale.Hosting.Engine.Election;

/// <summary>
/// What <c>/NAME</c> answers for a <c>coordinator: etcd</c> group: Ok (200) while this node is the active member, Fail (503)
/// otherwise (standby, demoting, before the first round), with the reason.
/// </summary>
/// <remarks>Reads the group's loop in force when evaluated, so that it follows a reload. Never throws; thread-safe.</remarks>
internal sealed class ElectionRoleCheck(string name, Func<string, ElectionGroupLoop?> find) : ICheck
{
    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        var result = find(name) switch
        {
            null => CheckResult.Fail($"group '{name}' is not running"),
            { View: { IsActive: true } view } loop => CheckResult.Ok($"{loop.Node} is active: {view.Reason}"),
            { View: var view } loop => CheckResult.Fail($"{loop.Node} is {view.Role}: {view.Reason}"),
        };
        return ValueTask.FromResult(result);
    }
}
