namespace Hale.Tests.Actions;

/// <summary>Waits, in real time, for something another thread does (a command ending, a cycle completing).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var waited = 0;
        while (!condition())
        {
            if (waited >= timeoutMs)
            {
                Assert.Fail($"timed out after {timeoutMs} ms waiting for {what}");
            }

            await Task.Delay(10);
            waited += 10;
        }
    }

    /// <summary>Whether process <paramref name="pid"/> is gone (or a zombie) within a few seconds.</summary>
    public static async Task<bool> ProcessGoneAsync(int pid)
    {
        for (var i = 0; i < 250; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat) || File.ReadAllText(stat).Split(')')[1].Trim().StartsWith('Z'))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }
}
