using System.Threading.Channels;
using Hale.Checks;
using Hale.Logs;
using Hale.Processes;
using Microsoft.Extensions.Logging;
using Hale.Text;

namespace Hale.Services;

/// <summary>Starting an instance: the start permit, the owned process or the start command, and attaching what started.</summary>
internal sealed partial class ServiceSupervisor
{
    /// <summary>
    /// Starts an instance and attaches it (applying <see cref="ServiceInput.Started"/> at once); or, when none started, returns
    /// why (<see cref="ServiceInput.StartWithheld"/> or <see cref="ServiceInput.StartFailed"/>) for the loop to apply before any
    /// input queued meanwhile: an operator's Stop that arrived during the start must find the service not running, not an
    /// instance to stop that never came (it would wait in Stopping for an exit that cannot come, and ignore every Start after).
    /// </summary>
    private async Task<ServiceInput?> StartInstanceAsync()
    {
        if (_definition.StartPermit?.Invoke() is { } withheld)
        {
            Log.Problem(_logger, _definition.Name, $"start withheld: {SafeText.ForLog(withheld)}");
            return new ServiceInput.StartWithheld(withheld);
        }

        if (_definition.Run is { } spec)
        {
            OwnedProcess process;
            try
            {
                // Awaited, not blocked on: a burst of starts queues on the spawning thread without holding pool threads.
                process = await OwnedProcess.StartAsync(WithOwner(spec), OnOutput, _time).ConfigureAwait(false);
            }
            catch (ProcessStartException ex)
            {
                return new ServiceInput.StartFailed(ex.Message);
            }

            Attach(new OwnedInstance(process, () => Definition.Stop), process.Pid, process.ExecutedAt);
            return null;
        }

        var alive = _definition.Alive is { } check ? await SafeCheckAsync(check).ConfigureAwait(false) : CheckResult.Fail("no liveness check");
        if (!alive.IsOk && _definition.StartCommand is { } command)
        {
            var outcome = await ShellCommand.RunAsync(command, _definition.CommandTimeout, _time, _definition.StartEnvironment?.Invoke(), killGroupOnExit: false, _lifetime.Token).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                return new ServiceInput.StartFailed($"{command}: {outcome.Describe()}");
            }
        }

        var external = new ExternalInstance(_definition, _time);
        Attach(external, external.Pid, null);
        return null;
    }

    private void Attach(IServiceInstance instance, int? pid, DateTimeOffset? executedAt)
    {
        Volatile.Write(ref _instance, instance);
        Log.Started(_logger, _definition.Name, pid);

        // Applied at once, before any input queued meanwhile: a Tick that fell due while the start waited must be judged
        // against the exec time, not against the decision's.
        var started = ServiceStateMachine.Apply(_status, new ServiceInput.Started(pid, executedAt), _time.GetUtcNow(), _policies, 0);
        Publish(started.Status);
        _ = instance.Exited.ContinueWith(
            static (t, state) =>
            {
                var (self, inst) = ((ServiceSupervisor, IServiceInstance))state!;
                self._inbox.Writer.TryWrite(new InstanceExit(inst, t.Result));
            },
            (this, instance),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private ProcessSpec WithOwner(ProcessSpec spec) => new()
    {
        CommandLine = spec.CommandLine,
        Argv = spec.Argv,
        WorkingDirectory = spec.WorkingDirectory,
        Environment = WithStartEnvironment(spec.Environment),
        User = spec.User,
        Group = spec.Group,
        Owner = _owner,
        Instance = $"{_definition.Name}:{Guid.NewGuid():N}",
    };

    /// <summary>The spec's environment with <see cref="ServiceDefinition.StartEnvironment"/>'s variables added (they win).</summary>
    private IReadOnlyDictionary<string, string> WithStartEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        if (_definition.StartEnvironment?.Invoke() is not { Count: > 0 } extra)
        {
            return environment;
        }

        var merged = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach (var (name, value) in extra)
        {
            merged[name] = value;
        }

        return merged;
    }
}
