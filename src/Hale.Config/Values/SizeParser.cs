using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Hale.Config.Values;

/// <summary>
/// Parses sizes in bytes: a whole number, alone (bytes) or with a unit, <c>B</c>, <c>KB</c>, <c>MB</c>, <c>GB</c> (also written
/// <c>K</c>, <c>KiB</c>, …; any case). The units are binary, as supervisord's <c>50MB</c>: 1 KB = 1024 bytes, 1 MB = 1024 KB.
/// </summary>
internal static partial class SizeParser
{
    public const string Examples = "e.g. 10MB, 512KB, 1GB or 1048576 (bytes)";

    /// <summary>The largest size accepted: 1 TB (2^40 bytes).</summary>
    public const long Maximum = 1L << 40;

    /// <summary>Parses <paramref name="text"/>; the error, to be prefixed with the key, says what was wrong.</summary>
    public static bool TryParse(string text, out long bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = 0;
        error = null;
        var match = Size().Match(text.Trim());
        if (!match.Success)
        {
            error = $"expected a size ({Examples}), found '{text.Trim()}'";
            return false;
        }

        var shift = match.Groups["unit"].Value.ToUpperInvariant() switch
        {
            "K" or "KB" or "KIB" => 10,
            "M" or "MB" or "MIB" => 20,
            "G" or "GB" or "GIB" => 30,
            _ => 0,
        };
        if (!long.TryParse(match.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number > Maximum >> shift)
        {
            error = $"'{text.Trim()}' is larger than the maximum size of 1TB";
            return false;
        }

        bytes = number << shift;
        return true;
    }

    [GeneratedRegex(@"^(?<number>[0-9]+)\s*(?<unit>B|K|KB|KiB|M|MB|MiB|G|GB|GiB)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Size();
}
