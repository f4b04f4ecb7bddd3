namespace Hale.State;

/// <summary>The type of a file, as <see cref="FileStatus"/> reports it.</summary>
internal enum FileKind
{
    /// <summary>A device, a pipe or anything else.</summary>
    Other,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link (only when links are not followed).</summary>
    SymbolicLink,

    /// <summary>A Unix domain socket.</summary>
    Socket,
}
