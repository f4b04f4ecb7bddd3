namespace Hale.Cli.Daemon;

/// <summary>Another process holds the pid file's lock: another instance is running.</summary>
internal sealed class PidFileLockException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>, as the operator wrote it.</summary>
    /// <param name="path">The pid file.</param>
    /// <param name="innerException">What the lock attempt threw, if anything.</param>
    public PidFileLockException(string path, Exception? innerException = null)
        : base($"Failed to acquire exclusive lock on {path}.", innerException)
    {
        Path = path;
    }

    /// <summary>The pid file.</summary>
    public string Path { get; }
}
