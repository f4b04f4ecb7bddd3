using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Hale.Config.Yaml;

/// <summary>
/// A parser that stops with a <see cref="YamlException"/> at the first node past the limits of a configuration's structure.
/// The representation model and the readers recurse once per level and follow aliases, so without limits a file of ten
/// thousand <c>[</c> or an alias inside its own anchor overflows the stack (which no handler can catch), and aliases of
/// aliases (a "billion laughs") expand without end. Not thread-safe (one per parse).
/// </summary>
internal sealed class StructureLimitFilter(IParser inner) : IParser
{
    /// <summary>The deepest nesting of mappings and lists accepted, the root being 1: 64 levels (Hale's own files use fewer than 10).</summary>
    public const int MaxDepth = 64;

    /// <summary>The most nodes a file may have once its aliases are expanded: 100,000 (Hale's examples have about 200).</summary>
    public const int MaxExpandedNodes = 100_000;

    private readonly Stack<(AnchorName Anchor, long Start)> _open = new();
    private readonly Dictionary<string, long> _anchorSizes = new(StringComparer.Ordinal);
    private long _nodes;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        var current = inner.Current!;
        switch (current)
        {
            case MappingStart or SequenceStart:
                if (_open.Count >= MaxDepth)
                {
                    throw Error(current, $"mappings and lists are nested deeper than {MaxDepth} levels");
                }

                _open.Push((((NodeEvent)current).Anchor, _nodes));
                _nodes++;
                break;
            case MappingEnd or SequenceEnd when _open.Count > 0:
                var (anchor, start) = _open.Pop();
                if (!anchor.IsEmpty)
                {
                    _anchorSizes[anchor.Value] = _nodes - start;
                }

                break;
            case Scalar scalar:
                _nodes++;
                if (!scalar.Anchor.IsEmpty)
                {
                    _anchorSizes[scalar.Anchor.Value] = 1;
                }

                break;
            case AnchorAlias alias:
                if (_open.Any(o => !o.Anchor.IsEmpty && o.Anchor.Value == alias.Value.Value))
                {
                    throw Error(current, $"the alias *{alias.Value.Value} is inside the node it refers to (a cycle)");
                }

                _nodes += _anchorSizes.GetValueOrDefault(alias.Value.Value, 1);
                break;
        }

        return _nodes <= MaxExpandedNodes
            ? true
            : throw Error(current, $"the file has more than {MaxExpandedNodes} nodes once its aliases are expanded");
    }

    private static YamlException Error(ParsingEvent at, string message) => new(at.Start, at.End, message);
}
