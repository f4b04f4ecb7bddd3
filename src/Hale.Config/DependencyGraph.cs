using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config;

/// <summary>
/// What waits on what across services and checks, recorded while the file is read: a service on the services and checks
/// of its <c>depends_on</c>, <c>ready</c> and <c>alive</c>; a top-level check on the checks it names and the services of
/// its <c>service:</c> checks. A cycle that passes through a service can never resolve at run time (a service waits for a
/// check that waits for the service), so each is an error, reported at the edge that closes it.
/// </summary>
/// <remarks>
/// Cycles among checks alone are reported by the check table as they are built and are skipped here. The search is
/// iterative, so a chain of any length (10,000 services, each depending on the next) is walked without recursion.
/// </remarks>
internal sealed class DependencyGraph
{
    private readonly Dictionary<string, List<Edge>> _edges = new(StringComparer.Ordinal);
    private readonly List<string> _owners = [];

    /// <summary>Where edges recorded now come from: a service or a top-level check being read; null outside them.</summary>
    public string? Owner => _owners.Count > 0 ? _owners[^1] : null;

    /// <summary>The node name of a service.</summary>
    public static string Service(string name) => $"service {name}";

    /// <summary>The node name of a top-level check.</summary>
    public static string Check(string name) => $"check {name}";

    /// <summary>Makes <paramref name="node"/> the owner of the edges recorded until the returned scope ends.</summary>
    public OwnerScope Enter(string node)
    {
        _owners.Add(node);
        _edges.TryAdd(node, []);
        return new OwnerScope(this);
    }

    /// <summary>Records that the current owner (if any) waits on <paramref name="target"/>, written at <paramref name="at"/>.</summary>
    /// <param name="target">The node waited on.</param>
    /// <param name="at">Where the reference is written.</param>
    /// <param name="viaDependsOn">Whether it is a <c>depends_on</c> entry naming a service (for the message of a cycle among services alone).</param>
    public void Add(string target, YamlNode at, bool viaDependsOn = false)
    {
        if (Owner is { } owner)
        {
            _edges[owner].Add(new Edge(target, at, viaDependsOn));
        }
    }

    /// <summary>Reports every cycle that passes through a service, once per edge that closes one.</summary>
    public void ReportCycles(ErrorSink errors)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<(string Node, int Next)>();
        // Services first, so that a cycle is told from the service that waits (service s -> check c -> service s).
        foreach (var root in _edges.Keys.Where(IsService).Concat(_edges.Keys.Where(n => !IsService(n))))
        {
            if (state.GetValueOrDefault(root) != 0)
            {
                continue;
            }

            Push(root);
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                var edges = _edges.GetValueOrDefault(node) ?? [];
                if (next >= edges.Count)
                {
                    state[node] = 2;
                    positions.Remove(node);
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                stack.Push((node, next + 1));
                var edge = edges[next];
                switch (state.GetValueOrDefault(edge.Target))
                {
                    case 0:
                        Push(edge.Target);
                        break;
                    case 1:
                        Report(errors, [.. path.Skip(positions[edge.Target]), edge.Target], edge);
                        break;
                }
            }
        }

        void Push(string node)
        {
            state[node] = 1;
            positions[node] = path.Count;
            path.Add(node);
            stack.Push((node, 0));
        }
    }

    private static void Report(ErrorSink errors, List<string> cycle, Edge closing)
    {
        if (!cycle.Any(IsService))
        {
            return;
        }

        if (closing.ViaDependsOn && cycle.All(IsService))
        {
            var names = cycle.Select(n => n["service ".Length..]).ToList();
            errors.Add(closing.At, names.Count == 2
                ? $"depends_on: service '{names[0]}' depends on itself"
                : $"depends_on: dependency cycle: {Describe(names)}");
            return;
        }

        errors.Add(closing.At, $"dependency cycle: {Describe(cycle)}");
    }

    /// <summary>The path joined by arrows; a long one cut to its first and last steps, so that the error stays one short line.</summary>
    private static string Describe(List<string> path) => path.Count <= 12
        ? string.Join(" -> ", path)
        : $"{string.Join(" -> ", path.Take(5))} -> ... ({path.Count - 10} more) ... -> {string.Join(" -> ", path.TakeLast(5))}";

    private static bool IsService(string node) => node.StartsWith("service ", StringComparison.Ordinal);

    /// <summary>Ends an owner's scope.</summary>
    internal readonly struct OwnerScope(DependencyGraph graph) : IDisposable
    {
        public void Dispose() => graph._owners.RemoveAt(graph._owners.Count - 1);
    }

    private sealed record Edge(string Target, YamlNode At, bool ViaDependsOn);
}
