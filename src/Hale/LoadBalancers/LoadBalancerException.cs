namespace Hale.LoadBalancers;

/// <summary>A load balancer refused a command (the reply text, e.g. <c>No such server.</c>) or could not be reached.</summary>
public sealed class LoadBalancerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LoadBalancerException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened, with the balancer's reply when there is one.</param>
    public LoadBalancerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public LoadBalancerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether the balancer could not be reached at all (refused, timed out), as opposed to answering with an error.</summary>
    public bool Unreachable { get; init; }

    /// <summary>Whether the refusal was a connection refused (the socket exists but nothing listens).</summary>
    public bool ConnectionRefused { get; init; }
}
