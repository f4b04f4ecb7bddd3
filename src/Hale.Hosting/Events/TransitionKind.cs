namespace Hale.Hosting.Events;

/// <summary>The kinds of <see cref="TransitionEvent"/>, as written in its <c>kind</c> field.</summary>
internal static class TransitionKind
{
    public const string Check = "check";
    public const string Service = "service";
    public const string Action = "action";
    public const string Server = "server";
    public const string Group = "group";

    /// <summary>Not a transition: a stream's notice that events between two ids fell out of the ring before it could send them.</summary>
    public const string Lost = "lost";
}
