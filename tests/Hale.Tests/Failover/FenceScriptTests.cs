using System.Diagnostics;
using System.Threading.Channels;
using Hale.Failover;

namespace Hale.Tests.Failover;

/// <summary>The fence's bash script on its own, fed its protocol through a pipe this test writes.</summary>
public sealed class FenceScriptTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Arm_LineSplitAcrossTheDeadline_IsReadWholeAfterTheFenceFires()
    {
        // bash's `read -t` returns the part of a line it has read when it times out. An "arm" whose first byte arrives just
        // before the deadline and the rest after must still arm the fence (once lost as "ignored: bad line: rm 60000 0", which
        // left it disarmed: a Hale dying then would not have fenced its service).
        using var fence = FenceProcess.Start();

        await fence.WriteAsync("arm 300 0\na");
        Assert.Equal("fired: lease not renewed for 300 ms: no process group", await fence.NextLineAsync());

        await fence.WriteAsync("rm 60000 0\n");
        fence.CloseInput(); // Hale gone while armed: fires at once

        Assert.Equal("fired: Hale went away (its pipe closed while armed): no process group", await fence.NextLineAsync());
        Assert.Equal(0, await fence.ExitCodeAsync());
    }

    [Fact]
    public async Task UnknownVerb_IgnoredWithTheWholeLine()
    {
        using var fence = FenceProcess.Start();

        await fence.WriteAsync("rearm 5 0\n");
        fence.CloseInput();

        Assert.Equal("ignored: bad line: rearm 5 0", await fence.NextLineAsync());
        Assert.Equal(0, await fence.ExitCodeAsync());
    }

    /// <summary><c>/bin/bash -c SCRIPT hale-fence db</c> without a marker or a fence command; killed on dispose if still running.</summary>
    private sealed class FenceProcess : IDisposable
    {
        private readonly Process _process;
        private readonly Channel<string> _stderr = Channel.CreateUnbounded<string>();

        private FenceProcess(Process process)
        {
            _process = process;
            _ = Task.Run(async () =>
            {
                while (await process.StandardError.ReadLineAsync() is { } line)
                {
                    _stderr.Writer.TryWrite(line);
                }

                _stderr.Writer.TryComplete();
            });
        }

        public static FenceProcess Start()
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
            return new FenceProcess(Process.Start(start)!);
        }

        public async Task WriteAsync(string text)
        {
            await _process.StandardInput.WriteAsync(text);
            await _process.StandardInput.FlushAsync();
        }

        public void CloseInput() => _process.StandardInput.Close();

        public async Task<string> NextLineAsync() => await _stderr.Reader.ReadAsync().AsTask().WaitAsync(Deadline);

        public async Task<int> ExitCodeAsync()
        {
            await _process.WaitForExitAsync().WaitAsync(Deadline);
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            _process.Dispose();
        }
    }
}
