using System.Text;

namespace Hale.Testing.Fuzz;

/// <summary>
/// A reproducible corpus of mutated foreign configuration files (ha_valet.cfg, heartbeat.conf, …) as bytes: each case applies
/// one to three changes, either one of <see cref="YamlMutator"/>'s (truncations, stray punctuation, deleted, swapped and
/// re-indented lines, huge numbers) or one of the line formats' own: a stray <c>=</c>, <c>:</c>, quote or <c>%</c>, an unknown
/// key, a huge value, CRLF line ends; and in some cases invalid UTF-8 bytes. Case <c>i</c> of seed <c>s</c> is always the same.
/// </summary>
public static class ImportFuzzCorpus
{
    private static readonly string[] Stray = ["=", ":", "\"", "'", "%", "%s", "%(", "%(x)s", "\\", "#", ",", "[", "]", " = ", "% (", ")"];

    private static readonly byte[][] InvalidUtf8 = [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80]];

    /// <summary>The first <paramref name="count"/> cases of <paramref name="seed"/> mutated from <paramref name="origins"/>.</summary>
    /// <param name="seed">Any integer.</param>
    /// <param name="count">How many cases.</param>
    /// <param name="origins">The valid files to mutate (name and text).</param>
    /// <returns>The cases: what was done, and the bytes.</returns>
    public static IReadOnlyList<(YamlFuzzCase Case, byte[] Bytes)> Generate(int seed, int count, IReadOnlyList<KeyValuePair<string, string>> origins) =>
        [.. Enumerable.Range(0, count).Select(i => Case(seed, i, origins))];

    /// <summary>Case <paramref name="index"/> of <paramref name="seed"/>, to replay a failure.</summary>
    /// <param name="seed">The corpus seed.</param>
    /// <param name="index">The case index.</param>
    /// <param name="origins">The valid files to mutate.</param>
    /// <returns>The case and its bytes.</returns>
    public static (YamlFuzzCase Case, byte[] Bytes) Case(int seed, int index, IReadOnlyList<KeyValuePair<string, string>> origins)
    {
        ArgumentNullException.ThrowIfNull(origins);
        var random = new Random(unchecked((seed * 1_000_033) + index));
        var (name, text) = origins[random.Next(origins.Count)];
        var yaml = new YamlMutator(random);
        var steps = new List<string>();
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            (text, var step) = random.Next(2) == 0 ? yaml.Mutate(text) : Mutate(text, random);
            steps.Add(step);
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (random.Next(8) == 0)
        {
            var at = random.Next(bytes.Length + 1);
            var bad = InvalidUtf8[random.Next(InvalidUtf8.Length)];
            bytes = [.. bytes.AsSpan(0, at), .. bad, .. bytes.AsSpan(at)];
            steps.Add($"invalid UTF-8 {Convert.ToHexString(bad)} at byte {at}");
        }

        return (new YamlFuzzCase(seed, index, name, string.Join("; ", steps), text), bytes);
    }

    private static (string, string) Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var i = random.Next(lines.Count);
        switch (random.Next(5))
        {
            case 0:
                var what = Stray[random.Next(Stray.Length)];
                var at = random.Next(text.Length + 1);
                return (text.Insert(at, what), $"insert '{what}' at offset {at}");
            case 1:
                lines.Insert(i, random.Next(2) == 0 ? "    zz_unknown = 1" : "zz unknown line");
                return (string.Join('\n', lines), $"unknown key or line before line {i + 1}");
            case 2:
                var huge = random.Next(3) switch
                {
                    0 => new string('x', 100_000),
                    1 => string.Concat(Enumerable.Repeat("%s", 20_000)),
                    _ => "9" + new string('9', 400),
                };
                var eq = lines[i].IndexOf('=', StringComparison.Ordinal);
                lines[i] = eq < 0 ? lines[i] + huge : lines[i][..(eq + 1)] + " " + huge;
                return (string.Join('\n', lines), $"huge value ({huge.Length} chars) on line {i + 1}");
            case 3:
                return (text.Replace("\n", "\r\n", StringComparison.Ordinal), "CRLF line ends");
            default:
                lines[i] = lines[i].Replace(" = ", " == ", StringComparison.Ordinal).Replace("=", ":", StringComparison.Ordinal);
                return (string.Join('\n', lines), $"'=' changed on line {i + 1}");
        }
    }
}
