namespace Hale.Processes;

/// <summary>
/// An <see cref="OwnedProcess"/> could not be started: the message names the command and why
/// (missing working directory, unknown user or group, program not found, the system refused to start it).
/// </summary>
public sealed class ProcessStartException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ProcessStartException()
        : base("the process could not be started")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Names the command and why it could not start.</param>
    public ProcessStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">Names the command and why it could not start.</param>
    /// <param name="innerException">The error the system reported.</param>
    public ProcessStartException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
