using Hale.LoadBalancers;

namespace Hale.HAProxy.Tests.Supervisor;

/// <summary>A load balancer that records <c>set server</c> calls and fails them as told.</summary>
internal sealed class RecordingRuntime : ILoadBalancerRuntime
{
    public List<string> Calls { get; } = [];

    /// <summary>Thrown by <see cref="SetServerStateAsync"/> instead of recording, when set.</summary>
    public Exception? Failure { get; set; }

    public string Name => "recording";

    public static LoadBalancerException Refused() => new("connection refused") { Unreachable = true, ConnectionRefused = true };

    public List<string> PopCalls()
    {
        var calls = Calls.ToList();
        Calls.Clear();
        return calls;
    }

    public Task SetServerStateAsync(ServerAddress server, ServerAdminState state, CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            return Task.FromException(Failure);
        }

        Calls.Add($"{server} {state.ToString().ToUpperInvariant()}");
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ServerStateRow>> ShowServersStateAsync(string? backend, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<BalancerInfo> ShowInfoAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int?> CurrentSessionsAsync(ServerAddress server, CancellationToken cancellationToken) => throw new NotSupportedException();
}
