namespace Hale.Failover;

/// <summary>A call to the coordination store failed or ran out of time; after a timeout a write's outcome is unknown.</summary>
public sealed class CoordinationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CoordinationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, naming the endpoint or key where known.</param>
    public CoordinationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, naming the endpoint or key where known.</param>
    /// <param name="innerException">The cause.</param>
    public CoordinationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the call hit its deadline: a write may or may not have committed.</summary>
    public bool OutcomeUnknown { get; init; }
}
