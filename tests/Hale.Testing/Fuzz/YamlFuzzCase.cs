namespace Hale.Testing.Fuzz;

/// <summary>One mutated configuration of a <see cref="YamlFuzzCorpus"/>.</summary>
/// <param name="Seed">The corpus seed.</param>
/// <param name="Index">The case's index in the corpus; <c>YamlFuzzCorpus.Case(Seed, Index)</c> regenerates it.</param>
/// <param name="Origin">The name of the valid file it was mutated from.</param>
/// <param name="Mutations">What was done to it, in order (e.g. <c>insert '{' at 12:7; truncate at 30:2</c>).</param>
/// <param name="Text">The mutated text.</param>
public sealed record YamlFuzzCase(int Seed, int Index, string Origin, string Mutations, string Text)
{
    /// <summary>How a failure names the case so that it can be replayed.</summary>
    /// <returns>E.g. <c>seed 1729 case 17 (hale.yaml: insert '{' at 12:7)</c>.</returns>
    public override string ToString() => $"seed {Seed} case {Index} ({Origin}: {Mutations}); replay with YamlFuzzCorpus.Case({Seed}, {Index})";
}
