namespace Hale.Checks;

/// <summary>
/// One observation made by a probe or a check: its status, an optional priority and a short detail.
/// </summary>
/// <param name="Status">Healthy, unhealthy or an error of the check itself.</param>
/// <param name="Detail">A short, human-readable reason (e.g. <c>connected to 127.0.0.1:25 in 3 ms</c>); never a secret.</param>
/// <param name="Priority">
/// Optional instance priority, as ha_valet's <c>test_command</c> exit code: 1..254, lower wins; <see langword="null"/> when the probe has none.
/// </param>
public readonly record struct CheckResult(CheckStatus Status, string Detail, int? Priority = null)
{
    /// <summary>How long the observation took; <see cref="TimeSpan.Zero"/> when not measured.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary><see langword="true"/> when <see cref="Status"/> is <see cref="CheckStatus.Ok"/>.</summary>
    public bool IsOk => Status == CheckStatus.Ok;

    /// <summary>A healthy result.</summary>
    /// <param name="detail">Why it is healthy.</param>
    public static CheckResult Ok(string detail = "ok") => new(CheckStatus.Ok, detail);

    /// <summary>An unhealthy result.</summary>
    /// <param name="detail">Why it is unhealthy.</param>
    public static CheckResult Fail(string detail = "fail") => new(CheckStatus.Fail, detail);

    /// <summary>A result saying the check could not be evaluated.</summary>
    /// <param name="detail">What went wrong.</param>
    public static CheckResult Error(string detail) => new(CheckStatus.Error, detail);

    /// <summary>The result for a combinator's state: <see cref="CheckStatus.Ok"/> or <see cref="CheckStatus.Fail"/>.</summary>
    /// <param name="state">The state to report.</param>
    /// <param name="detail">Why it is in that state.</param>
    public static CheckResult FromState(HealthState state, string detail) =>
        new(state == HealthState.Ok ? CheckStatus.Ok : CheckStatus.Fail, detail);

    /// <inheritdoc />
    public override string ToString() => $"{Status}: {Detail}";
}
