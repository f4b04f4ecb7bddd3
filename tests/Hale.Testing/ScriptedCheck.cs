using Hale.Checks;

namespace Hale.Testing;

/// <summary>
/// A check whose answer a test sets: a status, or an exception to throw. Counts its evaluations. Thread-safe.
/// The test fixture of failover's original tests (a task with a settable result and exception).
/// </summary>
public sealed class ScriptedCheck : ICheck
{
    private int _calls;

    /// <summary>Creates the check answering <paramref name="status"/>.</summary>
    /// <param name="status">The initial answer.</param>
    public ScriptedCheck(CheckStatus status = CheckStatus.Ok)
    {
        Status = status;
    }

    /// <summary>What the next evaluations answer.</summary>
    public CheckStatus Status { get; set; }

    /// <summary>When set, evaluations throw it instead of answering.</summary>
    public Exception? Throws { get; set; }

    /// <summary>How many evaluations were made.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Sets <see cref="Status"/> from a boolean.</summary>
    public bool Healthy
    {
        set => Status = value ? CheckStatus.Ok : CheckStatus.Fail;
    }

    /// <inheritdoc />
    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        if (Throws is { } ex)
        {
            throw ex;
        }

        return ValueTask.FromResult(new CheckResult(Status, $"scripted {Status}"));
    }
}
