namespace Hale.Cli.Daemon;

/// <summary>Another process holds the pid file's lock: another instance is running.</summary>
internal sealed class PidFileLockException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>, as the operator wrote it.</summary>
    /// <param name="path">The pid file.</param>
    /// <param name="holderPid">The pid the file holds (the other instance), when it could be read.</param>
    /// <param name="innerException">What the lock attempt threw, if anything.</param>
    public PidFileLockException(string path, int? holderPid = null, Exception? innerException = null)
        : base($"Failed to acquire exclusive lock on {path}.", innerException)
    {
        Path = path;
        HolderPid = holderPid;
    }

    /// <summary>The pid file.</summary>
    public string Path { get; }

    /// <summary>The pid written in the file by the process holding the lock; null when it could not be read (not written yet).</summary>
    public int? HolderPid { get; }
}
