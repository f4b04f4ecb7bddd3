using System.Threading.Channels;
using Hale.Checks;
using Hale.Logs;
using Hale.Processes;
using Microsoft.Extensions.Logging;
using Hale.Text;

namespace Hale.Services;

/// <summary>
/// The one loop that owns a service: it applies <see cref="ServiceStateMachine"/> to every input, in order, and carries
/// out the effects (spawn, signal, commands). Exits of owned children arrive as soon as they are reaped; readiness,
/// liveness and dependencies are evaluated every <see cref="ServiceDefinition.CheckInterval"/>, and the dependencies once more
/// at the moment of every start (a start never happens while one is unhealthy). Everything the loop logs is in a scope
/// carrying the service's name; the last lines of the child's output are kept for <see cref="ServiceStatus.RecentOutput"/>, and
/// every line goes to the service's <see cref="ServiceLog"/> (which the <see cref="Supervisor"/> owns: it outlives the loop).
/// </summary>
internal sealed partial class ServiceSupervisor : IAsyncDisposable
{
    private ServiceDefinition _definition;
    private ServicePolicies _policies;
    private readonly Func<string, ServiceStatus?> _services;
    private readonly string _owner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<object> _inbox = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ITimer _wake;
    private readonly ITimer _poll;
    private readonly OutputLineTail _output = new(ServiceStatus.RecentOutputLines);
    private IServiceInstance? _instance;
    private ServiceStatus _status;
    private Task? _loop;
    private int _polling;

    public ServiceSupervisor(ServiceDefinition definition, Func<string, ServiceStatus?> services, string owner, TimeProvider time, ILogger logger, ServiceLog log)
    {
        _definition = definition;
        OutputLog = log;
        _policies = definition.Policies;
        _services = services;
        _owner = owner;
        _time = time;
        _logger = logger;
        _status = ServiceStatus.Initial(definition.Name, time.GetUtcNow(), definition.Autostart);
        _wake = time.CreateTimer(static s => ((ServiceSupervisor)s!).Post(new ServiceInput.Tick()), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _poll = time.CreateTimer(static s => ((ServiceSupervisor)s!).PollNow(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public event Action<ServiceStatus>? StatusChanged;

    public ServiceDefinition Definition => Volatile.Read(ref _definition);

    /// <summary>The service's own log; not disposed with the loop.</summary>
    public ServiceLog OutputLog { get; }

    /// <summary>The status, with the output tail as it is now.</summary>
    public ServiceStatus Status => WithOutput(Volatile.Read(ref _status));

    public void Start()
    {
        _loop ??= Task.Run(RunAsync);
        if (_definition.DependsOn.Count == 0)
        {
            Post(new ServiceInput.Dependencies(null));
        }

        _poll.Change(TimeSpan.Zero, _definition.CheckInterval);
    }

    public void Post(ServiceInput input) => _inbox.Writer.TryWrite(input);

    /// <summary>
    /// Replaces the definition without touching the running process (a reload that changed only policies: restart, stop,
    /// limits, readiness, dependencies, order). Applied by the loop, between two inputs.
    /// </summary>
    public void Redefine(ServiceDefinition definition) => _inbox.Writer.TryWrite(new Redefinition(definition));

    /// <summary>Evaluates readiness, liveness and dependencies now (e.g. because a service it depends on changed).</summary>
    public void PollNow()
    {
        if (Interlocked.Exchange(ref _polling, 1) == 0)
        {
            _ = PollAsync();
        }
    }

    /// <summary>
    /// Sends an operator's signal to the main process of the running instance, from the caller's thread. The state machine
    /// is told nothing: if the signal ends the process, that is an exit like any other.
    /// </summary>
    public ServiceSignalResult Signal(int signal)
    {
        var status = Status;
        if (Volatile.Read(ref _instance) is not { } instance || !status.HasInstance)
        {
            return new ServiceSignalResult(false, null, $"not running ({status.State.ToString().ToLowerInvariant()}); nothing sent");
        }

        var result = instance.Signal(signal);
        Log.OperatorSignal(_logger, _definition.Name, ProcessSignals.Name(signal), result.Message);
        return result;
    }

    /// <summary>Completes when <paramref name="settled"/> holds for the status, or after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(Func<ServiceStatus, bool> settled, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(ServiceStatus s)
        {
            if (settled(s))
            {
                done.TrySetResult();
            }
        }

        StatusChanged += OnChanged;
        try
        {
            OnChanged(Status);
            await done.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        finally
        {
            StatusChanged -= OnChanged;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _inbox.Writer.TryComplete();
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _wake.DisposeAsync().ConfigureAwait(false);
        await _poll.DisposeAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_instance is not null)
        {
            await _instance.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        using var scope = Log.ServiceScope(_logger, _definition.Name);
        try
        {
            await foreach (var item in _inbox.Reader.ReadAllAsync(_lifetime.Token).ConfigureAwait(false))
            {
                await HandleAsync(item).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HandleAsync(object item)
    {
        ServiceInput input;
        if (item is Redefinition redefinition)
        {
            Volatile.Write(ref _definition, redefinition.Definition);
            OutputLog.Apply(redefinition.Definition.Log);
            _policies = redefinition.Definition.Policies;
            _poll.Change(TimeSpan.Zero, redefinition.Definition.CheckInterval);
            ScheduleWake();
            return;
        }

        if (item is InstanceExit exit)
        {
            if (!ReferenceEquals(exit.Instance, _instance))
            {
                return;
            }

            await exit.Instance.DisposeAsync().ConfigureAwait(false);
            Volatile.Write(ref _instance, null);
            input = exit.Exited;
        }
        else
        {
            input = (ServiceInput)item;
        }

        if (input is ServiceInput.Tick && _status.State == ServiceState.Starting && _instance is { Pid: { } pid } && !ProcessTable.IsAlive(pid))
        {
            // The start window has passed, but the process is gone already and its exit is still on its way (a loaded machine
            // delivers it late): calling it Ready would be false. The exit, judged by the time it happened, decides.
            return;
        }

        // A start that did not happen (withheld, failed) is applied next, before anything queued meanwhile. Bounded: a withheld
        // start leaves the service unwanted, and failed starts end in backoff or at the start limit.
        for (ServiceInput? next = input; next is not null;)
        {
            next = await ApplyAsync(next).ConfigureAwait(false);
        }

        ScheduleWake();
    }

    /// <summary>Applies one input and carries out its effect; returns the outcome of a start that did not happen, or null.</summary>
    private async Task<ServiceInput?> ApplyAsync(ServiceInput input)
    {
        var now = _time.GetUtcNow();
        var random = Random.Shared.NextDouble();
        var (next, effect) = ServiceStateMachine.Apply(_status, input, now, _policies, random);
        if (effect == ServiceEffect.Start && _definition.DependsOn.Count > 0
            && await FirstUnhealthyDependencyAsync().ConfigureAwait(false) is { } unhealthy)
        {
            // A dependency went down since the last poll (e.g. stopped while this service backed off): wait for it instead.
            (next, effect) = input is ServiceInput.Dependencies
                ? ServiceStateMachine.Apply(_status, new ServiceInput.Dependencies(unhealthy), now, _policies, random)
                : ServiceStateMachine.Apply(_status with { WaitingFor = unhealthy, WaitingSince = _status.WaitingSince ?? now }, input, now, _policies, random);
        }

        Publish(next);
        try
        {
            return await ExecuteAsync(effect).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.Problem(_logger, _definition.Name, $"{effect} failed: {SafeText.ForLog(ex.Message)}");
            return null;
        }
    }

    private void Publish(ServiceStatus next)
    {
        var old = _status;
        if (old.Equals(next))
        {
            return;
        }

        Volatile.Write(ref _status, next);
        var failed = next.Restarts != old.Restarts;
        if (next.Restarts > old.Restarts)
        {
            HaleMetrics.ServiceRestarted(next.Name);
        }

        if (next.State == ServiceState.Fatal && old.State != ServiceState.Fatal)
        {
            Log.Held(_logger, next.Name, next.State, SafeText.ForLog(Describe(next)));
        }
        else if (failed)
        {
            Log.Failed(_logger, next.Name, next.State, next.State is ServiceState.Backoff or ServiceState.Exited ? SafeText.ForLog(Describe(next)) : SafeText.ForLog($" after a failure: {next.LastError}"));
        }
        else if (old.State != next.State || old.WaitingFor != next.WaitingFor)
        {
            Log.StateChanged(_logger, next.Name, next.State, SafeText.ForLog(Describe(next)));
        }

        StatusChanged?.Invoke(WithOutput(next));
    }

    private ServiceStatus WithOutput(ServiceStatus status) =>
        _output.Lines is { Count: > 0 } lines ? status with { RecentOutput = lines } : status;

    private static string Describe(ServiceStatus s) => s switch
    {
        { WaitingFor: { } dependency } when !s.HasInstance => $", waiting for {dependency}",
        { State: ServiceState.Backoff, NextStartAt: { } at } => $", next start at {at:O}: {s.LastError}",
        { State: ServiceState.Fatal } => $": {s.LastError}",
        { State: ServiceState.Exited or ServiceState.Backoff } => $": {s.LastError}",
        _ => string.Empty,
    };

    /// <summary>Carries out an effect; for a start, returns why none started (or null when one did).</summary>
    private async Task<ServiceInput?> ExecuteAsync(ServiceEffect effect)
    {
        switch (effect)
        {
            case ServiceEffect.Start:
                return await StartInstanceAsync().ConfigureAwait(false);
            case ServiceEffect.Stop when _instance is { } instance:
                await BeforeStopAsync().ConfigureAwait(false);
                await instance.StopAsync(_lifetime.Token).ConfigureAwait(false);
                break;
            case ServiceEffect.Kill when _instance is { } instance:
                Log.Problem(_logger, _definition.Name, $"did not stop within {_definition.Stop.Timeout.TotalSeconds:0.###} s; killing its process group");
                instance.Kill();
                break;
        }

        return null;
    }

    /// <summary>Awaits <see cref="ServiceDefinition.BeforeStop"/>, bounded by its timeout; then the stop timeout starts anew.</summary>
    private async Task BeforeStopAsync()
    {
        if (_definition.BeforeStop is not { } hook)
        {
            return;
        }

        var bound = _definition.BeforeStopTimeout;
        using var timeout = new CancellationTokenSource(bound, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token, timeout.Token);
        try
        {
            await hook(linked.Token).WaitAsync(bound, _time, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !_lifetime.IsCancellationRequested))
        {
            Log.Problem(_logger, _definition.Name, $"before-stop did not finish within {bound.TotalSeconds:0.###} s; stopping anyway");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.Problem(_logger, _definition.Name, $"before-stop failed: {SafeText.ForLog(ex.Message)}; stopping anyway");
        }

        if (_status is { State: ServiceState.Stopping, KillAt: not null } stopping)
        {
            Publish(stopping with { KillAt = _time.GetUtcNow() + _definition.Stop.Timeout });
        }
    }

    private void OnOutput(OutputLine line)
    {
        _output.Add(line);
        OutputLog.Add(line);
        if (line.Stream == OutputStream.Stderr)
        {
            Log.ErrorOutput(_logger, _definition.StderrLogLevel, _definition.Name, SafeText.ForLog(line.Text));
        }
        else
        {
            Log.Output(_logger, _definition.Name, SafeText.ForLog(line.Text));
        }
    }

    private void ScheduleWake()
    {
        if (ServiceStateMachine.NextWakeAt(_status, _policies) is { } at)
        {
            var due = at - _time.GetUtcNow();
            _wake.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private sealed record InstanceExit(IServiceInstance Instance, ServiceInput.Exited Exited);

    private sealed record Redefinition(ServiceDefinition Definition);
}
