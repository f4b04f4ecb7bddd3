using Hale.LoadBalancers;

namespace Hale.HAProxy.Supervisor;

/// <summary>Which HAProxy server a supervisord program is: <c>program:backend/server</c>, e.g. <c>instance2:plone04/plone0402</c>.</summary>
/// <param name="Program">The supervisord process name (<c>processname</c> of the events).</param>
/// <param name="Server">The HAProxy backend and server.</param>
public sealed record ProgramMapping(string Program, ServerAddress Server)
{
    /// <summary>Parses <c>program:backend/server</c>, split at the first <c>:</c> then the first <c>/</c>; the server may contain <c>/</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="mapping">The mapping, when valid.</param>
    /// <returns>Whether every part is present and non-empty.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProgramMapping? mapping)
    {
        mapping = null;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon < 1)
        {
            return false;
        }

        var rest = text![(colon + 1)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 1 || slash == rest.Length - 1 || text.Any(char.IsWhiteSpace))
        {
            return false;
        }

        mapping = new ProgramMapping(text[..colon], new ServerAddress(rest[..slash], rest[(slash + 1)..]));
        return true;
    }

    /// <summary>The error text for an invalid mapping, as supervisor-haproxy prints it.</summary>
    /// <param name="text">The invalid text.</param>
    /// <returns><c>Invalid program '&lt;text&gt;'. Must be of form "supervisorProgram:HaProxyBackend/HaProxyServer", e.g. "instance2:plone04/plone0402"</c>.</returns>
    public static string InvalidMessage(string? text) =>
        $"Invalid program {PythonRepr.Of(text ?? string.Empty)}. Must be of form \"supervisorProgram:HaProxyBackend/HaProxyServer\", e.g. \"instance2:plone04/plone0402\"";

    /// <inheritdoc />
    public override string ToString() => $"{Program}:{Server}";
}
