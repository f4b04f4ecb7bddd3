using Grpc.Core;
using Hale.Failover;

namespace Hale.Etcd;

/// <summary>How a failed call becomes a <see cref="CoordinationException"/>.</summary>
internal static class EtcdErrors
{
    /// <summary>
    /// True when a write that failed with <paramref name="code"/> may still have committed. Only a refusal etcd gives before
    /// proposing (bad argument, no such lease, ...) is definite; a deadline, a lost connection or etcd's own "request timed out"
    /// (Unavailable, after the proposal went to raft) leaves the outcome unknown.
    /// </summary>
    public static bool MayHaveCommitted(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.PermissionDenied
            or StatusCode.Unauthenticated or StatusCode.OutOfRange or StatusCode.AlreadyExists or StatusCode.ResourceExhausted
            or StatusCode.Unimplemented => false,
        _ => true,
    };

    public static CoordinationException From(string operation, Exception error, bool write, string endpoints) => error switch
    {
        RpcException rpc => new CoordinationException(
            $"etcd {operation}: {rpc.StatusCode} ({rpc.Status.Detail}) [{endpoints}]", rpc)
        {
            OutcomeUnknown = write && MayHaveCommitted(rpc.StatusCode),
        },
        OperationCanceledException => new CoordinationException($"etcd {operation}: cancelled before an answer [{endpoints}]", error)
        {
            OutcomeUnknown = write,
        },
        _ => new CoordinationException($"etcd {operation}: {error.GetType().Name}: {error.Message} [{endpoints}]", error)
        {
            OutcomeUnknown = write,
        },
    };
}
