using System.Security.Cryptography;
using Hale.Checks;
using Hale.Config.Yaml;
using Hale.Services;
using Hale.State;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary>What every check kind needs while building: the error sink, the clock, the base folder and the state store.</summary>
internal sealed class CheckBuildContext(ErrorSink errors, TimeProvider time, string baseDirectory, IOperatorStateStore store)
{
    /// <summary>The names under <c>services</c>, known before any check is built so that checks may refer to services.</summary>
    public IReadOnlySet<string> ServiceNames { get; init; } = new HashSet<string>();

    /// <summary>Resolves references to top-level checks by name, at each evaluation (so a reload can replace what they name).</summary>
    public CheckDirectory Checks { get; } = new();

    /// <summary>Resolves service references once a supervisor runs them.</summary>
    public ServiceDirectory Services { get; init; } = new();

    /// <summary>The top-level <c>auth_limits</c>: the limits of every oneshot's htpasswd file.</summary>
    public Hale.Auth.AuthLimits AuthLimits { get; init; } = Hale.Auth.AuthLimits.Default;

    /// <summary>What waits on what among services and checks, for <c>hale check</c> to find cycles through services.</summary>
    public DependencyGraph Graph { get; } = new();

    private readonly Dictionary<string, YamlNode> _stateKeys = new(StringComparer.Ordinal);

    public ErrorSink Errors { get; } = errors;

    public TimeProvider Time { get; } = time;

    /// <summary>The configuration file's folder: the base of relative paths.</summary>
    public string BaseDirectory { get; } = baseDirectory;

    /// <summary>The operator state slot of the stateful check at <paramref name="path"/>; two checks may not share a key.</summary>
    public OperatorStateSlot Slot(CheckPath path, YamlNode at)
    {
        var key = path.Key;
        if (!_stateKeys.TryAdd(key, at))
        {
            var first = _stateKeys[key];
            Errors.Add(at, $"operator state key '{key}' is already used by the check at line {first.Start.Line}, column {first.Start.Column}");
        }

        return new OperatorStateSlot(store, key);
    }

    /// <summary>Runs a core constructor, reporting an exception it throws (such as an unreadable CA file) at <paramref name="at"/>.</summary>
    public ICheck? Construct(YamlNode at, string kind, Func<ICheck> create)
    {
        try
        {
            return create();
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            Errors.Add(at, $"{kind}: {ex.Message}");
            return null;
        }
    }
}
