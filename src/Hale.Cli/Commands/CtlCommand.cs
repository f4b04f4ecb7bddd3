using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Hale.Cli.Runtime;
using Hale.Processes;

namespace Hale.Cli.Commands;

/// <summary>
/// <c>hale ctl start|stop|restart|reset all|SERVICE... [--timeout SECONDS] [--no-wait] [-c FILE | --state-dir DIR]</c> and
/// <c>hale ctl signal SERVICE SIGNAL</c>: an operator's command to a running Hale, over its control socket
/// (<see cref="ControlSocketLocator"/>). Like supervisorctl, it waits for the outcome and prints one line per service
/// (<c>web: started</c>, <c>web: stopped</c>, <c>web: ERROR (held: …)</c>, <c>web: ERROR (no such service)</c>; see
/// <see cref="CtlOutcome"/>); exit 1 when any failed. <c>all</c> is every service.
/// </summary>
internal static class CtlCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = GlobalOptions.ControlConfig();
        var stateDir = GlobalOptions.StateDirectory();
        var verb = new Argument<string>("command") { Description = "start, stop, restart, reset or signal" };
        verb.AcceptOnlyFromAmong("start", "stop", "restart", "reset", "signal");
        var names = new Argument<string[]>("service")
        {
            Description = "The services' names, or all; for signal: the service, then a signal name such as TERM, SIGHUP, USR1, KILL, or a number (1-64).",
            Arity = ArgumentArity.OneOrMore,
        };
        var timeout = new Option<double>("--timeout")
        {
            Description = "How long to wait for the outcome, in seconds (default 60).",
            DefaultValueFactory = _ => 60,
        };
        var noWait = new Option<bool>("--no-wait") { Description = "Send the commands and return without waiting for their outcome." };
        var command = new Command(
            "ctl",
            "Start, stop, restart or reset (clear a hold and the backoff) services of a running Hale and wait for the outcome, or send a signal to a service's main process.")
        {
            verb, names, timeout, noWait, config, stateDir,
        };
        command.Validators.Add(result =>
        {
            var isSignal = result.GetValue(verb) == "signal";
            var given = result.GetValue(names) ?? [];
            if (isSignal && given.Length != 2)
            {
                result.AddError(given.Length < 2
                    ? "ctl signal needs a signal: hale ctl signal SERVICE SIGNAL (e.g. HUP, USR1, TERM, 9)"
                    : $"unexpected argument '{given[2]}': hale ctl signal SERVICE SIGNAL");
            }
            else if (isSignal && !ProcessSignals.TryParse(given[1], out _))
            {
                result.AddError($"unknown signal '{given[1]}': expected a name such as TERM, SIGHUP, USR1 or KILL, or a number from 1 to 64");
            }
            else if (!isSignal && given.Contains("all") && given.Length > 1)
            {
                result.AddError("'all' stands alone: hale ctl VERB all");
            }
        });
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is var seconds && (seconds <= 0 || double.IsNaN(seconds) || seconds > 1e9))
            {
                result.AddError($"--timeout must be a positive number of seconds, not {seconds.ToString(CultureInfo.InvariantCulture)}");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var socket = ControlSocketLocator.Find(parse.GetValue(stateDir)?.FullName, parse.GetValue(config)?.FullName, Environment.GetEnvironmentVariable);
            var given = parse.GetValue(names)!;
            var output = new Output(stdout, stderr);
            return parse.GetValue(verb) is "signal"
                ? SignalAsync(socket, given[0], ProcessSignals.Parse(given[1]), output, cancellationToken)
                : RunAsync(socket, parse.GetValue(verb)!, given, parse.GetValue(noWait) ? null : TimeSpan.FromSeconds(parse.GetValue(timeout)), output, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string socket, string verb, string[] names, TimeSpan? timeout, Output output, CancellationToken cancellationToken)
    {
        using var client = ControlClient.Create(socket);
        try
        {
            var before = await StatusAsync(client, cancellationToken);
            var all = names is ["all"];
            var targets = all ? [.. before.Keys] : names.Distinct(StringComparer.Ordinal).ToList();
            var failed = false;
            var pending = new List<CtlService>();
            foreach (var name in targets)
            {
                if (!before.TryGetValue(name, out var service))
                {
                    failed = true;
                    await output.LineAsync($"{name}: ERROR (no such service)");
                    continue;
                }

                if (Skip(verb, service, all) is { } skipped)
                {
                    failed |= skipped.Failed;
                    await output.LineAsync($"{name}: {skipped.Text}");
                    continue;
                }

                using var response = await client.PostAsync($"-/services/{Uri.EscapeDataString(name)}/{verb}", content: null, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    pending.Add(service);
                    continue;
                }

                failed = true;
                await output.LineAsync(response.StatusCode == HttpStatusCode.NotFound ? $"{name}: ERROR (no such service)" : $"{name}: ERROR ({(int)response.StatusCode} {body.Trim()})");
            }

            if (timeout is not { } limit)
            {
                foreach (var service in pending)
                {
                    await output.LineAsync($"{service.Name}: {verb} requested");
                }

                return failed ? ExitCodes.Failure : ExitCodes.Ok;
            }

            return await WaitAsync(client, verb, pending, limit, output, cancellationToken) && !failed ? ExitCodes.Ok : ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            await output.ErrorAsync($"hale: {socket} answered something that is not Hale's status: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException)
        {
            await output.ErrorAsync($"hale: {ControlClient.Explain(socket, ex)}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>A command with nothing to do, as supervisorctl answers it; null to send it.</summary>
    private static (string Text, bool Failed)? Skip(string verb, CtlService service, bool all) => (verb, service) switch
    {
        ("start", { IsUp: true }) => all ? ("already started", false) : ("ERROR (already started)", true),
        ("stop", { State: "stopped", Wanted: false }) => all ? ("already stopped", false) : ("ERROR (not running)", true),
        _ => null,
    };

    /// <summary>Polls the status until every service has its outcome or the time is up; false when any failed.</summary>
    private static async Task<bool> WaitAsync(HttpClient client, string verb, List<CtlService> pending, TimeSpan timeout, Output output, CancellationToken cancellationToken)
    {
        var ok = true;
        var started = TimeProvider.System.GetTimestamp();
        Dictionary<string, CtlService> now = [];
        while (pending.Count > 0)
        {
            now = await StatusAsync(client, cancellationToken);
            foreach (var before in pending.ToList())
            {
                var outcome = now.TryGetValue(before.Name, out var current)
                    ? CtlOutcome.Decide(verb, before, current)
                    : ("ERROR (no such service: removed)", true);
                if (outcome is { } done)
                {
                    ok &= !done.Failed;
                    pending.Remove(before);
                    await output.LineAsync($"{before.Name}: {done.Text}");
                }
            }

            if (pending.Count == 0)
            {
                break;
            }

            if (TimeProvider.System.GetElapsedTime(started) >= timeout)
            {
                foreach (var service in pending)
                {
                    await output.LineAsync($"{service.Name}: {CtlOutcome.TimedOut(timeout, now.GetValueOrDefault(service.Name))}");
                }

                return false;
            }

            await Task.Delay(PollInterval, TimeProvider.System, cancellationToken);
        }

        return ok;
    }

    private static async Task<Dictionary<string, CtlService>> StatusAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("-/status", cancellationToken));
        return CtlService.All(document.RootElement);
    }

    private static async Task<int> SignalAsync(string socket, string service, int signal, Output output, CancellationToken cancellationToken)
    {
        using var client = ControlClient.Create(socket);
        try
        {
            using var response = await client.PostAsync($"-/services/{Uri.EscapeDataString(service)}/signal/{signal.ToString(CultureInfo.InvariantCulture)}", content: null, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                await output.ErrorAsync($"hale: no service named '{service}'");
                return ExitCodes.Failure;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                await output.ErrorAsync($"hale: {service}: {body}");
                return ExitCodes.Failure;
            }

            if (!response.IsSuccessStatusCode)
            {
                await output.ErrorAsync($"hale: {(int)response.StatusCode} {body}");
                return ExitCodes.Failure;
            }

            await output.LineAsync($"{service}: {body}");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException)
        {
            await output.ErrorAsync($"hale: {ControlClient.Explain(socket, ex)}");
            return ExitCodes.Failure;
        }
    }

    private sealed record Output(TextWriter Stdout, TextWriter Stderr)
    {
        public Task LineAsync(string line) => Stdout.WriteLineAsync(line);

        public Task ErrorAsync(string line) => Stderr.WriteLineAsync(line);
    }
}
