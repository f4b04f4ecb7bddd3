using System.Globalization;
using System.Text;

namespace Hale.Testing.Fuzz;

/// <summary>
/// Mutations for the foreign formats Hale imports (INI-like and YAML files), on top of <see cref="YamlMutator"/>'s: stray
/// <c>=</c>, <c>:</c>, quotes, <c>%</c>, <c>%(name)s</c> and brackets, an unknown key line, a huge value, CRLF line ends, and
/// (in <see cref="ToBytes"/>) invalid UTF-8. Deterministic for a given <see cref="Random"/>.
/// </summary>
/// <param name="random">The source of every choice.</param>
public sealed class ForeignFormatMutator(Random random)
{
    private static readonly string[] Stray = ["=", ":", "'", "\"", "%", "%%", "%(", "%(x)s", "%(port)s", "[", "]", "[x]", "\n", "\n  ", ";", "#", "\\", "\t"];

    /// <summary>Applies one random mutation.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The mutated text and what was done.</returns>
    public (string Text, string Mutation) Mutate(string text)
    {
        var at = random.Next(text.Length + 1);
        switch (random.Next(6))
        {
            case 0:
            case 1:
                var stray = Stray[random.Next(Stray.Length)];
                return (text.Insert(at, stray), $"insert {Show(stray)} at offset {at}");
            case 2:
                var line = LineStart(text, at);
                return (text.Insert(line, "zz_unknown = 1\n"), $"unknown key line at offset {line}");
            case 3:
                var huge = new string('x', 10_000 + random.Next(60_000));
                return (text.Insert(at, huge), $"insert {huge.Length} characters at offset {at}");
            case 4:
                return (text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal), "CRLF line ends");
            default:
                var many = string.Concat(Enumerable.Repeat("%(a)s", 1 + random.Next(64)));
                return (text.Insert(LineStart(text, at), $"a = {many}\n"), $"a line of {many.Length / 5} references at offset {at}");
        }
    }

    /// <summary>The text as UTF-8, sometimes (one case in eight) with an invalid byte sequence inserted.</summary>
    /// <param name="text">The text.</param>
    /// <param name="mutation">What was done, if anything.</param>
    /// <returns>The bytes.</returns>
    public byte[] ToBytes(string text, out string? mutation)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        mutation = null;
        if (random.Next(8) != 0)
        {
            return bytes;
        }

        byte[][] invalid = [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80]];
        var bad = invalid[random.Next(invalid.Length)];
        var at = random.Next(bytes.Length + 1);
        mutation = $"invalid UTF-8 {Convert.ToHexString(bad)} at byte {at}";
        return [.. bytes.AsSpan(0, at), .. bad, .. bytes.AsSpan(at)];
    }

    private static int LineStart(string text, int at) => at == 0 ? 0 : text.LastIndexOf('\n', at - 1) + 1;

    private static string Show(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
        .ToString(CultureInfo.InvariantCulture);
}
