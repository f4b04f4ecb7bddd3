using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Hale.Config.Yaml;

/// <summary>
/// A parser that stops with a <see cref="YamlException"/> at the first node past the limits of a configuration's structure.
/// The representation model and the readers recurse once per level and follow aliases, so without limits a file of ten
/// thousand <c>[</c> or an alias inside its own anchor overflows the stack (which no handler can catch), and aliases of
/// aliases (a "billion laughs") expand without end. The limits are the file's <c>yaml_limits</c> (read beforehand by
/// <see cref="YamlLimitsScan"/>), never more than their ceilings. Not thread-safe (one per parse).
/// </summary>
internal sealed class StructureLimitFilter(IParser inner, YamlLimits limits) : IParser
{
    private readonly int _maxDepth = Math.Clamp(limits.MaxDepth, 1, YamlLimits.MaxDepthLimit);
    private readonly int _maxNodes = Math.Clamp(limits.MaxNodes, 1, YamlLimits.MaxNodesLimit);

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
                if (_open.Count >= _maxDepth)
                {
                    throw Error(current, $"mappings and lists are nested deeper than {_maxDepth} levels (yaml_limits.max_depth)");
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

        return _nodes <= _maxNodes
            ? true
            : throw Error(current, $"the file has more than {_maxNodes} nodes once its aliases are expanded (yaml_limits.max_nodes)");
    }

    private static StructureLimitException Error(ParsingEvent at, string message) => new(at.Start, at.End, message);
}
