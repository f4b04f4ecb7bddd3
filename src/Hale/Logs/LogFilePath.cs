using Hale.State;

namespace Hale.Logs;

/// <summary>
/// Whether Hale can append to a log file, found without creating anything (for <c>hale check</c> and reloads): the file is
/// writable, or it is missing and its nearest existing ancestor is a directory Hale may create entries in. Stateless and
/// thread-safe.
/// </summary>
internal static class LogFilePath
{
    /// <summary><c>W_OK</c> for <c>access(2)</c>.</summary>
    private const int Write = 2;

    /// <summary>Why Hale could not write <paramref name="path"/>, in words naming it; null when it could.</summary>
    /// <param name="path">An absolute path.</param>
    /// <returns>The problem, or null.</returns>
    public static string? Problem(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            if (FileStatus.Get(full, followLinks: true) is { } status)
            {
                return status.Kind == FileKind.Directory ? $"{full} is a directory"
                    : StatusNative.Access(full, Write) == 0 ? null
                    : $"{full} is not writable by the user running Hale";
            }

            for (var parent = Path.GetDirectoryName(full); parent is not null; parent = Path.GetDirectoryName(parent))
            {
                if (FileStatus.Get(parent, followLinks: true) is not { } s)
                {
                    continue;
                }

                return s.Kind != FileKind.Directory ? $"{full} cannot be created: {parent} is not a directory"
                    : StatusNative.Access(parent, StatusNative.WriteAndExecute) == 0 ? null
                    : $"{full} cannot be created: {parent} is not writable by the user running Hale";
            }

            return $"{full} cannot be created";
        }
        catch (IOException ex)
        {
            return $"{full}: {ex.Message}";
        }
    }
}
