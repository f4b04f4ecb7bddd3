namespace Hale.Probes;

/// <summary>A token cancelled when the caller cancels or when a timeout on the injected clock passes.</summary>
/// <remarks>One token source with the clock's timer, and a registration on the caller's token (not a second, linked source):
/// every probe run makes one.</remarks>
internal sealed class ProbeTimeout : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _caller;

    public ProbeTimeout(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        _source = timeout == TimeSpan.Zero ? new CancellationTokenSource() : new CancellationTokenSource(timeout, time);
        if (timeout == TimeSpan.Zero)
        {
            _source.Cancel();
        }

        _caller = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), _source);
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        _caller.Dispose();
        _source.Dispose();
    }
}
