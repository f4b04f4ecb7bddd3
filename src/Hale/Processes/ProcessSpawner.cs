using System.Collections.Concurrent;
using System.Diagnostics;

namespace Hale.Processes;

/// <summary>Starts every <see cref="OwnedProcess"/> from one dedicated, never-ending background thread.</summary>
/// <remarks>
/// The kernel sends a child its parent-death signal (<c>PR_SET_PDEATHSIG</c>) when the <em>thread</em> that forked it
/// exits, not the process, and .NET forks on the thread that calls <see cref="Process.Start()"/>. A child started from a
/// thread-pool thread would be killed whenever the pool retires that thread; a child started here dies only with Hale.
/// Measured on Linux 6.18: a child armed by <c>setpriv --pdeathsig KILL</c> died 10 ms after its forking thread ended.
/// Thread-safe: any thread may call <see cref="Start"/>.
/// </remarks>
internal static class ProcessSpawner
{
    private static readonly BlockingCollection<SpawnRequest> Requests = [];
    private static readonly Thread Spawner = StartThread();

    /// <summary>The managed id of the spawning thread.</summary>
    public static int ManagedThreadId => Spawner.ManagedThreadId;

    /// <summary>Starts <paramref name="process"/> on the spawning thread and waits until it has been forked (about a millisecond).</summary>
    /// <returns>The managed id of the thread that forked it.</returns>
    /// <exception cref="System.ComponentModel.Win32Exception">The system could not start it (e.g. the working directory is gone).</exception>
    public static int Start(Process process)
    {
        var request = new SpawnRequest(process);
        if (Environment.CurrentManagedThreadId == Spawner.ManagedThreadId)
        {
            Run(request);
        }
        else
        {
            Requests.Add(request);
        }

        return request.Completion.Task.GetAwaiter().GetResult();
    }

    /// <summary>Queues <paramref name="process"/> for the spawning thread without blocking the caller.</summary>
    /// <returns>Completes (never on the spawning thread) with the managed id of the thread that forked it, once it is forked.</returns>
    /// <remarks>Faults with <see cref="System.ComponentModel.Win32Exception"/> when the system could not start it.</remarks>
    public static Task<int> StartAsync(Process process)
    {
        var request = new SpawnRequest(process);
        if (Environment.CurrentManagedThreadId == Spawner.ManagedThreadId)
        {
            Run(request);
        }
        else
        {
            Requests.Add(request);
        }

        return request.Completion.Task;
    }

    private static Thread StartThread()
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "Hale process spawner" };
        thread.Start();
        return thread;
    }

    private static void Loop()
    {
        foreach (var request in Requests.GetConsumingEnumerable())
        {
            Run(request);
        }
    }

    private static void Run(SpawnRequest request)
    {
        try
        {
            request.Process.Start();
            request.Completion.SetResult(Environment.CurrentManagedThreadId);
        }
        catch (Exception ex)
        {
            request.Completion.SetException(ex);
        }
    }
}
