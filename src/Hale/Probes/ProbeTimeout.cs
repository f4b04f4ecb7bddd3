namespace Hale.Probes;

/// <summary>A token cancelled when the caller cancels or when a timeout on the injected clock passes.</summary>
internal sealed class ProbeTimeout : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;

    public ProbeTimeout(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        _timeout = timeout == TimeSpan.Zero ? new CancellationTokenSource() : new CancellationTokenSource(timeout, time);
        if (timeout == TimeSpan.Zero)
        {
            _timeout.Cancel();
        }

        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token);
    }

    public CancellationToken Token => _linked.Token;

    /// <summary>Whether the timeout (not the caller) cancelled the token.</summary>
    public bool TimedOut => _timeout.IsCancellationRequested;

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
