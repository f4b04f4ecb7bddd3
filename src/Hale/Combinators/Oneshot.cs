using Hale.Auth;
using Hale.Checks;
using Hale.State;

namespace Hale.Combinators;

/// <summary>
/// Answers its default state, except exactly once after <see cref="Fire"/>, when it answers the opposite
/// (failover's <c>Oneshot</c>); the usual <c>to_ok</c> of a <see cref="Toggle"/> for manual fail-back.
/// </summary>
/// <remarks>
/// Firing twice before an evaluation arms it once (not cumulative). <see cref="Auth"/> is what the HTTP endpoint
/// checks before firing on POST. With an <see cref="OperatorStateSlot"/>, an armed Oneshot survives a restart. Thread-safe.
/// </remarks>
public sealed class Oneshot : ICheck
{
    private readonly OperatorStateSlot? _persistence;
    private int _armed;

    /// <summary>Creates the oneshot.</summary>
    /// <param name="defaultState">What it answers when not armed (failover's default is FAIL).</param>
    /// <param name="auth">Who may fire it over HTTP (e.g. an htpasswd file); null lets anyone fire it.</param>
    /// <param name="persistence">Where the armed flag survives restarts; null keeps it in memory only.</param>
    public Oneshot(HealthState defaultState = HealthState.Fail, ICredentialVerifier? auth = null, OperatorStateSlot? persistence = null)
    {
        DefaultState = defaultState;
        Auth = auth;
        _persistence = persistence;
        _armed = StateCodec.ReadArmed(persistence) ? 1 : 0;
    }

    /// <summary>What it answers when not armed.</summary>
    public HealthState DefaultState { get; }

    /// <summary>Who may fire it over HTTP; null when anyone may.</summary>
    public ICredentialVerifier? Auth { get; }

    /// <summary>Whether the next evaluation answers the opposite of <see cref="DefaultState"/>.</summary>
    public bool IsArmed => Volatile.Read(ref _armed) == 1;

    /// <summary>Arms it: the next evaluation answers the opposite of <see cref="DefaultState"/>. Not cumulative.</summary>
    /// <returns>A detail for logs, saying whether the armed state was persisted.</returns>
    public string Fire()
    {
        Interlocked.Exchange(ref _armed, 1);
        return StateCodec.Write(_persistence, StateCodec.Armed, "armed");
    }

    /// <inheritdoc />
    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            var opposite = DefaultState == HealthState.Ok ? HealthState.Fail : HealthState.Ok;
            var detail = StateCodec.Write(_persistence, null, "oneshot fired");
            return ValueTask.FromResult(CheckResult.FromState(opposite, detail));
        }

        return ValueTask.FromResult(CheckResult.FromState(DefaultState, "oneshot not armed"));
    }
}
