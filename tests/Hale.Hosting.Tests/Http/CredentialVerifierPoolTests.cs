using Hale.Auth;
using Hale.Hosting.Http;

namespace Hale.Hosting.Tests.Http;

public sealed class CredentialVerifierPoolTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TryVerify_FirstCheck_StartsTheThreadsOnlyThen()
    {
        using var verifier = new BlockingVerifier();
        verifier.Release.Set();
        using var pool = new CredentialVerifierPool(threads: 2, queueCapacity: 4);
        Assert.False(pool.ThreadsStarted);

        Assert.True(pool.TryVerify(verifier, "a", "x", CancellationToken.None, out var result));

        Assert.True(pool.ThreadsStarted);
        await result.WaitAsync(Patience);
        Assert.Equal(["a"], verifier.Users);
    }

    [Fact]
    public async Task TryVerify_QueueFull_RefusedAtOnceWithoutVerifying()
    {
        using var verifier = new BlockingVerifier();
        using var pool = new CredentialVerifierPool(threads: 1, queueCapacity: 2);
        Assert.True(pool.TryVerify(verifier, "a", "x", CancellationToken.None, out var running));
        Assert.True(verifier.Entered.Wait(Patience));
        Assert.True(pool.TryVerify(verifier, "b", "x", CancellationToken.None, out var queued1));
        Assert.True(pool.TryVerify(verifier, "c", "x", CancellationToken.None, out var queued2));

        var refused = pool.TryVerify(verifier, "d", "x", CancellationToken.None, out var dropped);

        Assert.False(refused);
        Assert.True(dropped.IsCanceled);
        verifier.Release.Set();
        await Task.WhenAll(running, queued1, queued2).WaitAsync(Patience);
        Assert.Equal(["a", "b", "c"], verifier.Users);
    }

    [Fact]
    public async Task TryVerify_ManyChecks_AtMostThreadsAtOnceAndNeverOnThreadPool()
    {
        using var verifier = new BlockingVerifier();
        verifier.Release.Set();
        verifier.Hold = TimeSpan.FromMilliseconds(20);
        using var pool = new CredentialVerifierPool(threads: 2, queueCapacity: 32);
        var checks = new List<Task<CredentialCheckResult>>();
        for (var i = 0; i < 12; i++)
        {
            Assert.True(pool.TryVerify(verifier, "u" + i, "x", CancellationToken.None, out var check));
            checks.Add(check);
        }

        await Task.WhenAll(checks).WaitAsync(Patience);

        Assert.InRange(pool.MaxConcurrent, 1, 2);
        Assert.Equal(12, verifier.Users.Count);
        Assert.False(verifier.RanOnThreadPool);
    }

    [Fact]
    public async Task TryVerify_CancelledWhileQueued_NotVerified()
    {
        using var verifier = new BlockingVerifier();
        using var pool = new CredentialVerifierPool(threads: 1, queueCapacity: 4);
        using var gone = new CancellationTokenSource();
        Assert.True(pool.TryVerify(verifier, "a", "x", CancellationToken.None, out var running));
        Assert.True(verifier.Entered.Wait(Patience));
        Assert.True(pool.TryVerify(verifier, "b", "x", gone.Token, out var abandoned));

        gone.Cancel();
        verifier.Release.Set();

        await running.WaitAsync(Patience);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(Patience));
        Assert.Equal(["a"], verifier.Users);
    }

    [Fact]
    public async Task TryVerify_VerifierThrows_TaskFaulted()
    {
        using var pool = new CredentialVerifierPool(threads: 1, queueCapacity: 1);

        Assert.True(pool.TryVerify(new ThrowingVerifier(), "a", "x", CancellationToken.None, out var check));

        await Assert.ThrowsAsync<InvalidOperationException>(() => check.WaitAsync(Patience));
    }

    [Fact]
    public void TryVerify_AfterDispose_Refused()
    {
        var pool = new CredentialVerifierPool(threads: 1, queueCapacity: 1);
        pool.Dispose();

        Assert.False(pool.TryVerify(new ThrowingVerifier(), "a", "x", CancellationToken.None, out _));
    }

    private sealed class BlockingVerifier : ICredentialVerifier, IDisposable
    {
        private readonly object _lock = new();
        private readonly List<string> _users = [];

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public TimeSpan Hold { get; set; }

        public bool RanOnThreadPool { get; private set; }

        public List<string> Users
        {
            get
            {
                lock (_lock)
                {
                    return [.. _users];
                }
            }
        }

        public CredentialCheckResult Verify(string user, string password)
        {
            lock (_lock)
            {
                _users.Add(user);
                RanOnThreadPool |= Thread.CurrentThread.IsThreadPoolThread;
            }

            Entered.Set();
            Release.Wait(TimeSpan.FromSeconds(30));
            if (Hold > TimeSpan.Zero)
            {
                using var never = new ManualResetEventSlim();
                never.Wait(Hold); // holds the thread a while, so that checks overlap if the pool lets them
            }

            return new(CredentialVerdict.Denied);
        }

        public void Dispose()
        {
            Entered.Dispose();
            Release.Dispose();
        }
    }

    private sealed class ThrowingVerifier : ICredentialVerifier
    {
        public CredentialCheckResult Verify(string user, string password) => throw new InvalidOperationException("broken store");
    }
}
