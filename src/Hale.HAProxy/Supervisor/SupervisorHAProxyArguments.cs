namespace Hale.HAProxy.Supervisor;

/// <summary>The arguments of <c>hale supervisor-haproxy SOCKET PROGRAM...</c>, checked as the original command checks them.</summary>
public sealed class SupervisorHAProxyArguments
{
    /// <summary>The usage line printed before an argument error.</summary>
    public const string Usage = "usage: hale supervisor-haproxy [-h] SOCKET PROGRAMS [PROGRAMS ...]";

    private SupervisorHAProxyArguments(HAProxyEndpoint socket, IReadOnlyList<ProgramMapping> programs)
    {
        Socket = socket;
        Programs = programs;
    }

    /// <summary>The HAProxy stats socket (admin level).</summary>
    public HAProxyEndpoint Socket { get; }

    /// <summary>The watched programs, in the order given.</summary>
    public IReadOnlyList<ProgramMapping> Programs { get; }

    /// <summary>Checks the arguments.</summary>
    /// <param name="arguments">SOCKET then one or more PROGRAM.</param>
    /// <param name="parsed">The arguments, when valid.</param>
    /// <param name="error">The first error (argparse style, e.g. <c>argument SOCKET: Invalid socket 'x', ...</c>), when invalid.</param>
    /// <returns>Whether they are valid.</returns>
    public static bool TryParse(
        IReadOnlyList<string> arguments,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SupervisorHAProxyArguments? parsed,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        parsed = null;
        if (arguments.Count == 0)
        {
            error = "the following arguments are required: SOCKET, PROGRAMS";
            return false;
        }

        if (!HAProxyEndpoint.TryParse(arguments[0], out var socket))
        {
            error = $"argument SOCKET: {HAProxyEndpoint.InvalidMessage(arguments[0])}";
            return false;
        }

        var programs = new List<ProgramMapping>();
        foreach (var text in arguments.Skip(1))
        {
            if (!ProgramMapping.TryParse(text, out var mapping))
            {
                error = $"argument PROGRAMS: {ProgramMapping.InvalidMessage(text)}";
                return false;
            }

            programs.Add(mapping);
        }

        if (programs.Count == 0)
        {
            error = "the following arguments are required: PROGRAMS";
            return false;
        }

        parsed = new SupervisorHAProxyArguments(socket, programs);
        error = null;
        return true;
    }
}
