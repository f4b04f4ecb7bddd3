using System.Diagnostics;
using System.Threading.Channels;
using Hale.Failover;

namespace Hale.Tests.Failover;

/// <summary>The fence's bash script on its own, fed its protocol through a pipe this test writes byte by byte.</summary>
public sealed class FenceScriptTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Arm_LineSplitAcrossTheDeadline_IsReadWholeAfterTheFenceFires()
    {
        // bash's `read -t` returns the part of a line it has read when it times out. An "arm" whose first byte arrives just
        // before the deadline and the rest after must still arm the fence (once lost as "ignored: bad line: rm 60000 0", which
        // left it disarmed: a Hale dying then would not have fenced its service).
        using var script = StartScript();
        var stderr = ReadLines(script.StandardError);
        try
        {
            await script.StandardInput.WriteAsync("arm 300 0\na");
            await script.StandardInput.FlushAsync();
            Assert.Equal("fired: lease not renewed for 300 ms: no process group", await NextAsync(stderr));

            await script.StandardInput.WriteAsync("rm 60000 0\n");
            await script.StandardInput.FlushAsync();
            script.StandardInput.Close(); // Hale gone while armed: fires at once

            Assert.Equal("fired: Hale went away (its pipe closed while armed): no process group", await NextAsync(stderr));
            await script.WaitForExitAsync().WaitAsync(Deadline);
            Assert.Equal(0, script.ExitCode);
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill();
            }
        }
    }

    [Fact]
    public async Task UnknownVerb_IgnoredWithTheWholeLine()
    {
        using var script = StartScript();
        var stderr = ReadLines(script.StandardError);
        try
        {
            await script.StandardInput.WriteAsync("rearm 5 0\n");
            script.StandardInput.Close();

            Assert.Equal("ignored: bad line: rearm 5 0", await NextAsync(stderr));
            await script.WaitForExitAsync().WaitAsync(Deadline);
            Assert.Equal(0, script.ExitCode);
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill();
            }
        }
    }

    private static Process StartScript()
    {
        var start = new ProcessStartInfo("/bin/bash")
        {
            ArgumentList = { "-c", FenceScript.Text, "hale-fence", "db" },
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("HALE_FENCE_MARKER");
        start.Environment.Remove("HALE_FENCE_COMMAND");
        return Process.Start(start)!;
    }

    private static ChannelReader<string> ReadLines(StreamReader reader)
    {
        var lines = Channel.CreateUnbounded<string>();
        _ = Task.Run(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Writer.TryWrite(line);
            }

            lines.Writer.TryComplete();
        });
        return lines.Reader;
    }

    private static async Task<string> NextAsync(ChannelReader<string> lines) =>
        await lines.ReadAsync().AsTask().WaitAsync(Deadline);
}
