using Hale.Hosting.Dashboard;
using Hale.Hosting.Events;
using Microsoft.AspNetCore.Http;

namespace Hale.Hosting.Http;

/// <summary>
/// The operator's window on the listener: the dashboard at <c>/</c> (and its assets under <c>/-/dashboard.*</c>) and the event
/// stream <c>/-/events</c>. None of these paths can be a component's (names are never empty and never start with <c>-/</c>).
/// Thread-safe.
/// </summary>
internal sealed class OperatorWindow(EventStreamEndpoint events)
{
    /// <summary>The event stream (for tests).</summary>
    public EventStreamEndpoint Events => events;

    /// <summary>The handler of <paramref name="name"/> (a path without its leading slashes), or null when it is not the window's.</summary>
    public Func<HttpContext, Task>? Match(ReadOnlySpan<char> name) =>
        name.SequenceEqual(EventStreamEndpoint.Path) ? events.HandleAsync
        : DashboardEndpoint.Serves(name) ? DashboardEndpoint.HandleAsync
        : null;
}
