using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Hale.Auth;

namespace Hale.Hosting.Http;

/// <summary>
/// Runs credential checks (bcrypt and the like: CPU-bound, up to a second each) off the request path: on a fixed number of
/// dedicated background threads (started on the first check: a Hale without credentials never has them), niced to 10
/// where Linux allows, fed by a bounded queue. A check that finds the queue full
/// is refused at once (the caller answers 503) without running, so a storm of wrong passwords costs at most
/// <c>threads</c> cores at low priority and never takes the thread pool that serves health requests. Thread-safe.
/// </summary>
internal sealed partial class CredentialVerifierPool : IDisposable
{
    private const int PrioProcess = 0;
    private const int Niceness = 10;

    private readonly BlockingCollection<Work> _queue;
    private readonly Thread[] _threads;
    private int _started;
    private int _running;
    private int _maxRunning;

    /// <summary>Starts <paramref name="threads"/> threads; at most <paramref name="queueCapacity"/> checks wait for one.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> or <paramref name="queueCapacity"/> is below 1.</exception>
    public CredentialVerifierPool(int threads, int queueCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        Capacity = queueCapacity;
        _queue = new BlockingCollection<Work>(new ConcurrentQueue<Work>(), queueCapacity);
        _threads = new Thread[threads];
    }

    /// <summary>How many checks may wait.</summary>
    public int Capacity { get; }

    /// <summary>Whether the threads have been started (by the first check); for tests.</summary>
    internal bool ThreadsStarted => Volatile.Read(ref _started) != 0;

    /// <summary>The most checks that ran at the same time so far; for tests.</summary>
    internal int MaxConcurrent => Volatile.Read(ref _maxRunning);

    /// <summary>
    /// Queues a check of <paramref name="user"/>'s <paramref name="password"/> against <paramref name="verifier"/>.
    /// </summary>
    /// <param name="verifier">The store; its exceptions fault <paramref name="result"/>.</param>
    /// <param name="user">The user.</param>
    /// <param name="password">The password.</param>
    /// <param name="cancellationToken">Drops the check if it has not started (the client went away); <paramref name="result"/> is then cancelled.</param>
    /// <param name="result">Completes with the verdict, its continuations off the pool's threads.</param>
    /// <returns>False when the queue is full or the pool disposed: nothing was queued and nothing will run.</returns>
    public bool TryVerify(ICredentialVerifier verifier, string user, string password, CancellationToken cancellationToken, out Task<CredentialCheckResult> result)
    {
        var work = new Work(verifier, user, password, cancellationToken);
        result = work.Completion.Task;
        StartThreads();
        bool queued;
        try
        {
            queued = _queue.TryAdd(work);
        }
        catch (InvalidOperationException)
        {
            queued = false; // disposed
        }

        if (!queued)
        {
            work.Completion.TrySetCanceled(CancellationToken.None);
        }

        return queued;
    }

    /// <summary>Stops taking checks; queued ones still run, threads end when the queue is empty.</summary>
    public void Dispose()
    {
        try
        {
            _queue.CompleteAdding();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    // Idle until the first check: each thread's stack is memory a Hale without credentials never needs.
    private void StartThreads()
    {
        if (Volatile.Read(ref _started) != 0 || Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"hale-auth-{i}" };
            _threads[i].Start();
        }
    }

    private void Run()
    {
        LowerPriority();
        foreach (var work in _queue.GetConsumingEnumerable())
        {
            if (work.Cancellation.IsCancellationRequested)
            {
                work.Completion.TrySetCanceled(work.Cancellation);
                continue;
            }

            var running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _maxRunning, running);
            try
            {
                work.Completion.TrySetResult(work.Verifier.Verify(work.User, work.Password));
            }
            catch (Exception ex)
            {
                work.Completion.TrySetException(ex);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>Nice 10 for this thread (Linux threads have their own nice value): health requests win the CPU over checks.</summary>
    private static void LowerPriority()
    {
        try
        {
            _ = SetPriority(PrioProcess, GetThreadId(), Niceness);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();

    private sealed record Work(ICredentialVerifier Verifier, string User, string Password, CancellationToken Cancellation)
    {
        public TaskCompletionSource<CredentialCheckResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
