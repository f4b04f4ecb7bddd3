namespace Hale.Auth;

/// <summary>What one <c>stat</c> tells about a file: enough to notice, cheaply, that it changed.</summary>
/// <remarks>
/// .NET exposes neither the inode nor <c>ctime</c> (on Linux its creation time is the older of <c>ctime</c> and
/// <c>mtime</c>), so a replacement with the same size and a preserved modification time would go unnoticed.
/// </remarks>
/// <param name="LastWriteUtc">Modification time.</param>
/// <param name="Length">Size in bytes.</param>
internal readonly record struct FileStamp(DateTime LastWriteUtc, long Length)
{
    /// <summary>Reads the stamp of <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (or is a directory).</exception>
    /// <exception cref="IOException">Another I/O error.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be examined.</exception>
    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        long length = info.Length;
        return new(info.LastWriteTimeUtc, length);
    }
}
