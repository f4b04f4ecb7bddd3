using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Hale.Config;

/// <summary>
/// Decodes a configuration file's bytes strictly: UTF-8 (a byte-order mark is skipped), or UTF-16/UTF-32 when a byte-order
/// mark says so. Invalid bytes are an error at the line and column where they start, never silently replaced.
/// </summary>
internal static class ConfigText
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The text of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="path">Named in the error.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ConfigException">The bytes are not valid text; one error at the first bad byte.</exception>
    public static string Decode(byte[] bytes, string path)
    {
        if (OtherEncoding(bytes) is { } other)
        {
            var (encoding, preamble) = other;
            try
            {
                return encoding.GetString(bytes, preamble, bytes.Length - preamble);
            }
            catch (DecoderFallbackException ex)
            {
                throw new ConfigException([new ConfigError(path, 1, 1, $"the configuration is not valid {encoding.WebName} text: {ex.Message}")]);
            }
        }

        var source = bytes.AsSpan(bytes.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0);
        var chars = new char[source.Length];
        var status = Utf8.ToUtf16(source, chars, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: false);
        if (status == OperationStatus.Done)
        {
            return new string(chars, 0, written);
        }

        var before = chars.AsSpan(0, written);
        var line = before.Count('\n') + 1;
        var column = written - before.LastIndexOf('\n');
        var reason = status == OperationStatus.NeedMoreData ? "a UTF-8 sequence is cut off at the end of the file" : $"byte 0x{source[read]:X2} is not valid UTF-8";
        throw new ConfigException([new ConfigError(path, line, column, $"the configuration is not valid UTF-8 text: {reason} (byte offset {read + bytes.Length - source.Length})")]);
    }

    /// <summary>A strict UTF-16 or UTF-32 decoder when the bytes start with its byte-order mark (checked longest first).</summary>
    private static (Encoding Encoding, int Preamble)? OtherEncoding(byte[] bytes) => bytes switch
    {
        [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: true), 4),
        [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: true, throwOnInvalidCharacters: true), 4),
        [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true), 2),
        [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true), 2),
        _ => null,
    };
}
