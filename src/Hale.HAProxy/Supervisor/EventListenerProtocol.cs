using System.Globalization;
using System.Text;

namespace Hale.HAProxy.Supervisor;

/// <summary>
/// supervisord's event listener protocol on two byte streams: write <c>READY\n</c>, read one header line of
/// <c>key:value</c> tokens, read exactly <c>len</c> bytes of payload, answer <c>RESULT 2\nOK</c> or <c>RESULT 4\nFAIL</c>.
/// </summary>
/// <remarks>Not thread-safe: one loop owns it.</remarks>
internal sealed class EventListenerProtocol(Stream input, Stream output)
{
    /// <summary>A header line longer than this is malformed (supervisord's are about 100 bytes).</summary>
    public const int MaxHeaderBytes = 64 * 1024;

    /// <summary>A larger <c>len</c> is malformed.</summary>
    public const int MaxPayloadBytes = 64 * 1024 * 1024;

    private static readonly byte[] Ready = "READY\n"u8.ToArray();
    private static readonly byte[] Ok = "RESULT 2\nOK"u8.ToArray();
    private static readonly byte[] Fail = "RESULT 4\nFAIL"u8.ToArray();
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    public Task WriteReadyAsync(CancellationToken cancellationToken) => WriteAsync(Ready, cancellationToken);

    public Task WriteResultAsync(bool ok, CancellationToken cancellationToken) => WriteAsync(ok ? Ok : Fail, cancellationToken);

    /// <summary>Reads one event; null at the end of input before a header starts.</summary>
    /// <exception cref="EndOfStreamException">The input ended inside a header or payload.</exception>
    public async Task<SupervisorEvent?> ReadEventAsync(CancellationToken cancellationToken)
    {
        var (line, tooLong, complete) = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (!complete)
        {
            if (line.Length == 0)
            {
                return null;
            }

            throw new EndOfStreamException($"input ended inside the header {PythonRepr.Of(line)}");
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        string? malformed = tooLong ? $"header longer than {MaxHeaderBytes} bytes" : null;
        foreach (var token in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                malformed ??= $"token {PythonRepr.Of(token)} is not key:value";
                continue;
            }

            headers[token[..colon]] = token[(colon + 1)..];
        }

        if (!headers.TryGetValue("len", out var lenText))
        {
            return new SupervisorEvent(line, headers, string.Empty, malformed ?? "no len");
        }

        if (!int.TryParse(lenText, NumberStyles.None, CultureInfo.InvariantCulture, out var len) || len > MaxPayloadBytes)
        {
            return new SupervisorEvent(line, headers, string.Empty, malformed ?? $"len {PythonRepr.Of(lenText)} is not a number of bytes from 0 to {MaxPayloadBytes}");
        }

        var payload = await ReadExactlyAsync(len, cancellationToken).ConfigureAwait(false);
        return new SupervisorEvent(line, headers, payload, malformed);
    }

    private async Task WriteAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads to the next <c>\n</c>; keeps at most <see cref="MaxHeaderBytes"/>. Complete is false at the end of input.</summary>
    private async Task<(string Line, bool TooLong, bool Complete)> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new MemoryStream();
        var tooLong = false;
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return (Decode(line), tooLong, false);
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            var take = Math.Min(stop - _start, MaxHeaderBytes - (int)line.Length);
            line.Write(_buffer, _start, take);
            tooLong |= take < stop - _start;
            _start = newline < 0 ? _end : newline + 1;
            if (newline >= 0)
            {
                return (Decode(line).TrimEnd('\r'), tooLong, true);
            }
        }
    }

    private async Task<string> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var payload = new MemoryStream(Math.Min(count, 64 * 1024));
        while (payload.Length < count)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new EndOfStreamException($"input ended after {payload.Length} of {count} payload bytes");
            }

            var take = Math.Min(_end - _start, count - (int)payload.Length);
            payload.Write(_buffer, _start, take);
            _start += take;
        }

        return Decode(payload);
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await input.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _end > 0;
    }

    private static string Decode(MemoryStream bytes) => Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
}
