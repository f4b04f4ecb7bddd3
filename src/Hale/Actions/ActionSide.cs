namespace Hale.Actions;

/// <summary>Which side of an action a cycle chose: heartbeat's promotion or demotion.</summary>
public enum ActionSide
{
    /// <summary>Every <c>when</c> check is healthy (OK): the promotion commands run (heartbeat's <c>[promotions]</c>).</summary>
    Promote,

    /// <summary>At least one <c>when</c> check is not healthy (FAIL or ERROR): the demotion commands run (heartbeat's <c>[demotions]</c>).</summary>
    Demote,
}
