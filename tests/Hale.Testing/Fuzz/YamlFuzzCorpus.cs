namespace Hale.Testing.Fuzz;

/// <summary>
/// A reproducible corpus of mutated configurations: case <c>i</c> of seed <c>s</c> is always the same text, whatever
/// the number of cases generated (each case has its own <see cref="Random"/>, seeded from <c>s</c> and <c>i</c>).
/// </summary>
public static class YamlFuzzCorpus
{
    /// <summary>The seed CI uses.</summary>
    public const int DefaultSeed = 1729;

    /// <summary>The first <paramref name="count"/> cases of <paramref name="seed"/>, from <see cref="YamlFuzzSeeds.All"/>.</summary>
    /// <param name="seed">Any integer.</param>
    /// <param name="count">How many cases.</param>
    /// <returns>The cases, by index.</returns>
    public static IReadOnlyList<YamlFuzzCase> Generate(int seed, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Case(seed, i))];

    /// <summary>The cases of <paramref name="seed"/> mutated from <paramref name="origins"/> (name and valid text).</summary>
    /// <param name="seed">Any integer.</param>
    /// <param name="count">How many cases.</param>
    /// <param name="origins">The valid files to mutate.</param>
    /// <returns>The cases, by index.</returns>
    public static IReadOnlyList<YamlFuzzCase> Generate(int seed, int count, IReadOnlyList<KeyValuePair<string, string>> origins) =>
        [.. Enumerable.Range(0, count).Select(i => Case(seed, i, origins))];

    /// <summary>Case <paramref name="index"/> of <paramref name="seed"/> from <see cref="YamlFuzzSeeds.All"/>, to replay a failure.</summary>
    /// <param name="seed">The corpus seed.</param>
    /// <param name="index">The case index.</param>
    /// <returns>The case.</returns>
    public static YamlFuzzCase Case(int seed, int index) => Case(seed, index, YamlFuzzSeeds.All);

    /// <summary>Case <paramref name="index"/> of <paramref name="seed"/> from <paramref name="origins"/>.</summary>
    /// <param name="seed">The corpus seed.</param>
    /// <param name="index">The case index.</param>
    /// <param name="origins">The valid files to mutate.</param>
    /// <returns>The case.</returns>
    public static YamlFuzzCase Case(int seed, int index, IReadOnlyList<KeyValuePair<string, string>> origins)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var (name, text) = origins[random.Next(origins.Count)];
        var mutator = new YamlMutator(random);
        var steps = new List<string>();
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            (text, var step) = mutator.Mutate(text);
            steps.Add(step);
        }

        return new YamlFuzzCase(seed, index, name, string.Join("; ", steps), text);
    }
}
