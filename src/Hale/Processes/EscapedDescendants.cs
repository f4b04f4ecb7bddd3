using System.Text;

namespace Hale.Processes;

/// <summary>
/// Signals the descendants of an owned child that left its process group (<c>setsid</c>, a daemon's double fork): they are
/// found by their markers, <c>HALE_OWNER</c> and <c>HALE_INSTANCE</c>, which they inherited.
/// </summary>
/// <remarks>
/// Finding them means reading the environment of every process in <c>/proc</c> (about a millisecond per hundred processes).
/// Requests are coalesced: while one pass runs, the requests that arrive wait for the next, which serves all of them with one
/// read of <c>/proc</c>; so a hundred services crashing at once cost a few passes, not a hundred. Passes run on a pool thread,
/// never on the caller's. Thread-safe.
/// </remarks>
internal static class EscapedDescendants
{
    private static readonly Lock Gate = new();
    private static List<Request> _pending = [];
    private static bool _running;

    /// <summary>
    /// Sends <paramref name="signal"/> to every live process marked with both <paramref name="owner"/> and
    /// <paramref name="instance"/>, except Hale itself and the members of process group <paramref name="group"/> (already
    /// signalled through their group).
    /// </summary>
    /// <returns>Completes after the pass that served the request, with how many processes were signalled; never faults.</returns>
    public static Task<int> SignalAsync(string owner, string instance, int signal, int group)
    {
        var request = new Request(
            Encoding.UTF8.GetBytes($"{ProcessSpec.OwnerVariable}={owner}"),
            Encoding.UTF8.GetBytes($"{ProcessSpec.InstanceVariable}={instance}"),
            signal,
            group);
        lock (Gate)
        {
            _pending.Add(request);
            if (!_running)
            {
                _running = true;
                _ = Task.Run(Drain);
            }
        }

        return request.Completion.Task;
    }

    private static void Drain()
    {
        while (true)
        {
            List<Request> batch;
            lock (Gate)
            {
                if (_pending.Count == 0)
                {
                    _running = false;
                    return;
                }

                batch = _pending;
                _pending = [];
            }

            var counts = new int[batch.Count];
            try
            {
                Sweep(batch, counts);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // /proc unreadable: nothing more can be found; the process groups were signalled anyway.
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(counts[i]);
            }
        }
    }

    private static void Sweep(List<Request> batch, int[] counts)
    {
        var self = Environment.ProcessId;
        ProcessTable.ForEachEnvironment((pid, environ) =>
        {
            if (pid == self)
            {
                return;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                var request = batch[i];
                if (ProcessTable.HasEntry(environ, request.Instance) && ProcessTable.HasEntry(environ, request.Owner)
                    && ProcessTable.TryReadStat(pid, out var state, out var group, out _) && state is not ('Z' or 'X' or 'x')
                    && group != request.Group && NativeMethods.KillProcess(pid, request.Signal))
                {
                    counts[i]++;
                }
            }
        });
    }

    private sealed class Request(byte[] owner, byte[] instance, int signal, int group)
    {
        public byte[] Owner { get; } = owner;

        public byte[] Instance { get; } = instance;

        public int Signal { get; } = signal;

        public int Group { get; } = group;

        public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
