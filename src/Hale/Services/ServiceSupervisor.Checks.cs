using Hale.Checks;

namespace Hale.Services;

/// <summary>The service's reading of its checks: readiness, liveness and dependencies (each a check's last result).</summary>
internal sealed partial class ServiceSupervisor
{
    private async Task PollAsync()
    {
        try
        {
            var status = Status;
            if (!status.HasInstance && status.Wanted && _definition.DependsOn.Count > 0)
            {
                Post(new ServiceInput.Dependencies(await FirstUnhealthyDependencyAsync().ConfigureAwait(false)));
            }

            if (status.State is ServiceState.Running or ServiceState.Ready && _definition.Ready is { } ready)
            {
                var result = await SafeCheckAsync(ready).ConfigureAwait(false);
                Post(new ServiceInput.Readiness(result.IsOk, result.Detail));
            }

            if (status.HasInstance && Volatile.Read(ref _instance) is ExternalInstance { Pid: var pid } && pid != status.Pid)
            {
                Post(new ServiceInput.PidChanged(pid));
            }

            if (status.State is ServiceState.Running or ServiceState.Ready or ServiceState.Stopping
                && _instance is ExternalInstance external && _definition.Alive is { } alive)
            {
                var result = await SafeCheckAsync(alive).ConfigureAwait(false);
                if (!result.IsOk)
                {
                    external.ReportDead(result.Detail);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
        }
    }

    private async Task<string?> FirstUnhealthyDependencyAsync()
    {
        foreach (var dependency in _definition.DependsOn)
        {
            if (dependency.IsService)
            {
                var other = _services(dependency.Name);
                if (other is null || !other.IsHealthy)
                {
                    return $"{dependency.Name} ({other?.State.ToString().ToLowerInvariant() ?? "unknown"})";
                }
            }
            else
            {
                var result = await SafeCheckAsync(dependency.Check!).ConfigureAwait(false);
                if (!result.IsOk)
                {
                    return $"{dependency.Name} ({result.Detail})";
                }
            }
        }

        return null;
    }

    private ValueTask<CheckResult> SafeCheckAsync(ICheck check) => SafeCheck.EvaluateAsync(check, _lifetime.Token);
}
