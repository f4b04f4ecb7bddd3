using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Hale.Config.Yaml;

/// <summary>
/// A parser that reports every duplicate scalar key of a mapping and drops the duplicate entry (key and value),
/// so that the representation model, which stops at the first duplicate, loads the rest and all errors are found.
/// </summary>
internal sealed class DuplicateKeyFilter(IParser inner, ErrorSink errors) : IParser
{
    private readonly Stack<Frame> _frames = new();

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        while (inner.MoveNext())
        {
            var current = inner.Current!;
            if (_frames.TryPeek(out var frame) && frame.IsDuplicateKey(current, errors))
            {
                SkipValue();
                continue;
            }

            Track(current);
            return true;
        }

        return false;
    }

    private void Track(ParsingEvent current)
    {
        switch (current)
        {
            case NodeEvent:
                if (_frames.TryPeek(out var parent))
                {
                    parent.NodeStarted();
                }

                if (current is MappingStart or SequenceStart)
                {
                    _frames.Push(new Frame(current is MappingStart));
                }

                break;
            case MappingEnd or SequenceEnd:
                _frames.Pop();
                break;
        }
    }

    private void SkipValue()
    {
        if (!inner.MoveNext())
        {
            return;
        }

        var depth = inner.Current is MappingStart or SequenceStart ? 1 : 0;
        while (depth > 0 && inner.MoveNext())
        {
            depth += inner.Current switch
            {
                MappingStart or SequenceStart => 1,
                MappingEnd or SequenceEnd => -1,
                _ => 0,
            };
        }
    }

    private sealed class Frame(bool isMapping)
    {
        private readonly Dictionary<string, Mark> _keys = new(StringComparer.Ordinal);
        private bool _expectingKey = true;

        public bool IsDuplicateKey(ParsingEvent current, ErrorSink errors)
        {
            if (!isMapping || !_expectingKey || current is not Scalar key)
            {
                return false;
            }

            if (_keys.TryAdd(key.Value, key.Start))
            {
                return false;
            }

            var first = _keys[key.Value];
            errors.Add(key.Start, $"duplicate key '{key.Value}' (first at line {first.Line}, column {first.Column})");
            return true;
        }

        /// <summary>A key or value node begins in this collection; in a mapping, keys and values alternate.</summary>
        public void NodeStarted()
        {
            if (isMapping)
            {
                _expectingKey = !_expectingKey;
            }
        }
    }
}
