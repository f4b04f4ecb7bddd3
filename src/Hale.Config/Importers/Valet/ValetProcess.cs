namespace Hale.Config.Importers.Valet;

/// <summary>One validated ha_valet section, ready to write as native YAML.</summary>
/// <param name="Name">The logical name.</param>
/// <param name="Line">The line of <c>:Name</c>.</param>
/// <param name="Host">The section's host (ha_valet's "this one").</param>
/// <param name="User">The section's user.</param>
/// <param name="Priority">The configured priority (1..254; lower wins).</param>
/// <param name="Order">The start order, or null.</param>
/// <param name="Peers">The other hosts of <c>stand_by_list</c>, in order, each with its 1-based position; empty without one.</param>
/// <param name="HasStandByList">Whether the section has a non-empty <c>stand_by_list</c> (a failover group, else a service).</param>
/// <param name="Start">The start command: a template with <c>{host}</c>/<c>{user}</c> for a group, the final line for a service.</param>
/// <param name="Stop">The stop command, likewise.</param>
/// <param name="Test">The test command, likewise.</param>
internal sealed record ValetProcess(
    string Name,
    int Line,
    string Host,
    string User,
    int Priority,
    int? Order,
    IReadOnlyList<(string Host, int Position)> Peers,
    bool HasStandByList,
    string Start,
    string Stop,
    string Test);
