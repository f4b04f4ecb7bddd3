namespace Hale.Etcd.Tests;

/// <summary>The per-call deadline of stores in tests that assert a call succeeds.</summary>
internal static class EtcdTestDeadline
{
    /// <summary>
    /// 10 s: the store's default (1 s) is the production deadline, sized for lease renewals; on a loaded CI machine a healthy
    /// cluster has answered a read after more than 1 s (the "cancelled before an answer" failure). Tests of the deadline itself,
    /// and of a cluster without quorum, keep the default.
    /// </summary>
    public static readonly TimeSpan ForSuccess = TimeSpan.FromSeconds(10);
}
