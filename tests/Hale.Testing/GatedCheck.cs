using Hale.Checks;

namespace Hale.Testing;

/// <summary>A check whose evaluations wait until the test opens the gate; counts evaluations started. Thread-safe.</summary>
public sealed class GatedCheck : ICheck
{
    private readonly TaskCompletionSource<CheckResult> _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    /// <summary>How many evaluations have started.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>Lets every waiting and future evaluation answer <paramref name="result"/>.</summary>
    /// <param name="result">The answer.</param>
    public void Open(CheckResult result) => _gate.TrySetResult(result);

    /// <inheritdoc />
    public async ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _started);
        return await _gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
