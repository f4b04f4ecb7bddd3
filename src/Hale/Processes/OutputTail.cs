using System.Text;

namespace Hale.Processes;

/// <summary>Keeps the last <c>capacity</c> bytes written by a child's stdout and stderr. Thread-safe.</summary>
internal sealed class OutputTail(int capacity)
{
    private readonly object _lock = new();
    private readonly Queue<byte> _bytes = new(capacity);

    public async Task DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                lock (_lock)
                {
                    for (var i = 0; i < read; i++)
                    {
                        if (_bytes.Count == capacity)
                        {
                            _bytes.Dequeue();
                        }

                        _bytes.Enqueue(buffer[i]);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The child is gone or we stopped listening: what was read is kept.
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return Encoding.UTF8.GetString([.. _bytes]).Trim();
        }
    }
}
