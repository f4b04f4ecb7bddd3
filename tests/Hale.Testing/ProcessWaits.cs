namespace Hale.Testing;

/// <summary>Waiting for processes to die in tests.</summary>
public static class ProcessWaits
{
    /// <summary>
    /// Waits up to 5 seconds for <paramref name="pid"/> to be gone; a zombie (<c>Z</c> in /proc/PID/stat, an orphan PID 1 has
    /// not reaped yet) counts as gone.
    /// </summary>
    /// <param name="pid">The process id.</param>
    /// <returns>True when gone.</returns>
    public static async Task<bool> GoneAsync(int pid)
    {
        for (var i = 0; i < 200; i++)
        {
            string? stat = null;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (IOException)
            {
            }

            if (stat is null || stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
            {
                return true;
            }

            await Task.Delay(25);
        }

        return false;
    }
}
