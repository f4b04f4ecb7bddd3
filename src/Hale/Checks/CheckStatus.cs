namespace Hale.Checks;

/// <summary>
/// The outcome of one evaluation of a check, as failover's tasks answered it:
/// <see cref="Ok"/>, <see cref="Fail"/>, or <see cref="Error"/> when the check itself could not decide.
/// </summary>
public enum CheckStatus
{
    /// <summary>Healthy. Served as HTTP 200 <c>OK</c>.</summary>
    Ok,

    /// <summary>Unhealthy. Served as HTTP 503 <c>FAIL</c>.</summary>
    Fail,

    /// <summary>
    /// The check could not be evaluated (a bug, a missing file, an exception).
    /// Served as HTTP 500 <c>ERROR</c>; stateful combinators keep their state on it.
    /// </summary>
    Error,
}
