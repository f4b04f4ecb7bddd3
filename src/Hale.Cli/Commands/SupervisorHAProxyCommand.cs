using System.CommandLine;
using Hale.HAProxy;
using Hale.HAProxy.Supervisor;

namespace Hale.Cli.Commands;

/// <summary>
/// <c>hale supervisor-haproxy SOCKET PROGRAM...</c>: the supervisord event listener that sets HAProxy server states
/// (a drop-in for the Python <c>supervisor-haproxy</c>). stdout carries the event listener protocol only.
/// </summary>
internal static class SupervisorHAProxyCommand
{
    public static Command Create(TextWriter stderr)
    {
        var socket = new Argument<string?>("SOCKET")
        {
            Description = "HAProxy's admin stats socket: tcp://HOST:PORT, tcp://[::1]:PORT or unix:///path.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var programs = new Argument<string[]>("PROGRAMS")
        {
            Description = "supervisorProgram:HaProxyBackend/HaProxyServer, e.g. instance2:plone04/plone0402; one or more.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("supervisor-haproxy", "supervisord event listener: sets HAProxy server states (ready, drain, maint) when programs change state.")
        {
            socket,
            programs,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            string[] arguments = [.. new[] { parse.GetValue(socket) }.OfType<string>(), .. parse.GetValue(programs) ?? []];
            return RunAsync(arguments, stderr, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string[] arguments, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!SupervisorHAProxyArguments.TryParse(arguments, out var parsed, out var error))
        {
            await stderr.WriteLineAsync(SupervisorHAProxyArguments.Usage);
            await stderr.WriteLineAsync($"hale supervisor-haproxy: error: {error}");
            return ExitCodes.Usage;
        }

        var client = new HAProxyRuntimeClient(parsed.Socket, timeProvider: MonotonicTimeProvider.System);
        await using var input = Console.OpenStandardInput();
        await using var output = Console.OpenStandardOutput();
        await SupervisorHAProxyListener.RunAsync(input, output, stderr, client, parsed.Programs, MonotonicTimeProvider.System, cancellationToken);
        return ExitCodes.Ok;
    }
}
