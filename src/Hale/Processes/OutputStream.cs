namespace Hale.Processes;

/// <summary>Which of a child's output streams a line came from.</summary>
public enum OutputStream
{
    /// <summary>Standard output (file descriptor 1).</summary>
    Stdout,

    /// <summary>Standard error (file descriptor 2).</summary>
    Stderr,
}
