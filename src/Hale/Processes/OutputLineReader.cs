using System.Text;

namespace Hale.Processes;

/// <summary>Reads a child's output stream to its end and hands it on line by line, cutting lines longer than <see cref="MaxLineBytes"/>.</summary>
internal static class OutputLineReader
{
    /// <summary>The longest piece of a line handed on at once: 8 KiB of UTF-8.</summary>
    public const int MaxLineBytes = 8192;

    /// <summary>Reads until the end of <paramref name="stream"/> or cancellation; a last line without <c>\n</c> is handed on too.</summary>
    /// <param name="stream">The pipe to read.</param>
    /// <param name="kind">Stdout or stderr.</param>
    /// <param name="deliver">Receives each line; called on the reading task, one line at a time.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public static async Task PumpAsync(Stream stream, OutputStream kind, Action<OutputLine> deliver, CancellationToken cancellationToken)
    {
        var chunk = new byte[4096];
        var line = new byte[MaxLineBytes];
        var length = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    if (chunk[i] == (byte)'\n')
                    {
                        deliver(new OutputLine(kind, Decode(line, length)));
                        length = 0;
                        continue;
                    }

                    line[length++] = chunk[i];
                    if (length == MaxLineBytes)
                    {
                        var cut = CharacterBoundary(line, length);
                        deliver(new OutputLine(kind, Encoding.UTF8.GetString(line, 0, cut)));
                        Array.Copy(line, cut, line, 0, length - cut);
                        length -= cut;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The pipe is closed or we stopped listening: what was read so far is still handed on.
        }

        if (length > 0)
        {
            deliver(new OutputLine(kind, Decode(line, length)));
        }
    }

    private static string Decode(byte[] line, int length)
    {
        if (length > 0 && line[length - 1] == (byte)'\r')
        {
            length--;
        }

        return Encoding.UTF8.GetString(line, 0, length);
    }

    /// <summary>The largest cut ≤ <paramref name="length"/> that does not split a UTF-8 sequence (never 0).</summary>
    private static int CharacterBoundary(byte[] buffer, int length)
    {
        var start = length - 1;
        while (start > 0 && length - start < 4 && (buffer[start] & 0xC0) == 0x80)
        {
            start--;
        }

        var lead = buffer[start];
        var sequence = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return start + sequence <= length || start == 0 ? length : start;
    }
}
