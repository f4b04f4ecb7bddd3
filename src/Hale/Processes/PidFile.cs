using System.Globalization;
using System.Text;

namespace Hale.Processes;

/// <summary>Reads a pid file: a positive decimal number, surrounding white space allowed.</summary>
internal static class PidFile
{
    private const int MaxBytes = 4096;
    private const int MaxShownChars = 40;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <param name="path">The pid file.</param>
    /// <param name="pid">The pid, when the file holds one.</param>
    /// <param name="problem">Why there is no pid (missing, unreadable, empty, garbage), when there is none.</param>
    /// <returns>Whether a pid was read.</returns>
    public static bool TryRead(string path, out int pid, out string problem)
    {
        pid = 0;
        string text;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            var buffer = new byte[MaxBytes];
            var length = file.ReadAtLeast(buffer, MaxBytes, throwOnEndOfStream: false);
            text = Encoding.UTF8.GetString(buffer, 0, length).Trim();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            problem = $"pid file {path} does not exist";
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"pid file {path} cannot be read: {ex.Message}";
            return false;
        }

        if (text.Length == 0)
        {
            problem = $"pid file {path} is empty";
            return false;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out pid) || pid <= 0)
        {
            var shown = text.Length > MaxShownChars ? text[..MaxShownChars] + "…" : text;
            problem = $"pid file {path} does not hold a pid: '{shown}'";
            pid = 0;
            return false;
        }

        problem = string.Empty;
        return true;
    }
}
