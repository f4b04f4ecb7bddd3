using Hale.Checks;

namespace Hale.Services;

/// <summary>A service seen as a check: OK when it is <see cref="ServiceState.Ready"/>; for actions' <c>when</c> and HTTP components.</summary>
internal sealed class ServiceHealthCheck(Func<string, ServiceStatus?> lookup, string service) : ICheck
{
    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        var status = lookup(service);
        var result = status switch
        {
            null => CheckResult.Fail($"service {service} is not running under this Hale"),
            { IsHealthy: true } => CheckResult.Ok($"{service} is ready (pid {status.Pid})"),
            _ => CheckResult.Fail($"{service} is {status.State.ToString().ToLowerInvariant()}" + (status.LastError is { } e ? $": {e}" : string.Empty)),
        };
        return ValueTask.FromResult(result);
    }
}
