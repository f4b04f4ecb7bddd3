namespace Hale.Cli.Tests;

public sealed class CheckCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("hale.yaml")]
    [InlineData("failover.yaml")]
    public async Task Check_Examples_Exit0(string example)
    {
        var (code, stdout, stderr) = await InvokeAsync("check", "-c", Path.Combine(AppContext.BaseDirectory, "examples", example));

        Assert.True(code == 0, stderr);
        Assert.Contains(": OK (", stdout);
    }

    [Fact]
    public async Task Check_BrokenFile_Exit2WithEveryErrorAsFileLineColumn()
    {
        var path = Write("broken.yaml", """
            checks:
              a:
                tcp: { host: 127.0.0.1, port: 70000, timeout: 10s }
              b:
                hysteresis: { check: a, ok_after: 2, fail_after: 10 parsecs }
            """);

        var (code, _, stderr) = await InvokeAsync("check", "-c", path);

        Assert.Equal(2, code);
        Assert.Contains($"{path}:3:", stderr);
        Assert.Contains($"{path}:5:", stderr);
        Assert.Contains("2 errors", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task Check_YamlSyntaxError_Exit2WithPosition()
    {
        var path = Write("syntax.yaml", "checks:\n  a: { tcp: [\n");

        var (code, _, stderr) = await InvokeAsync("check", "-c", path);

        Assert.Equal(2, code);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(path)}:\d+:\d+: ", stderr);
    }

    [Fact]
    public async Task Check_MissingFile_Exit2()
    {
        var (code, _, stderr) = await InvokeAsync("check", "-c", Path.Combine(_dir, "nope.yaml"));

        Assert.Equal(2, code);
        Assert.Contains("nope.yaml", stderr);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("frobnicate")]
    [InlineData("run", "-c", "x.yaml", "--log-level", "loud")]
    public async Task BadArguments_Exit2(params string[] args)
    {
        var (code, _, stderr) = await InvokeAsync(args);

        Assert.Equal(2, code);
        Assert.Contains("hale:", stderr);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("run")]
    public async Task CheckAndRun_WorldWritableStateDir_Exit2NamingItWithoutAStackTrace(string command)
    {
        var state = Directory.CreateDirectory(Path.Combine(_dir, "state")).FullName;
        File.SetUnixFileMode(state, (UnixFileMode)0x1FF);
        var path = Write("hale.yaml", "http: { listen: 127.0.0.1:0 }\nstate_dir: ./state\n");

        // The real hale (stopped at the end): a run that is not refused would serve until killed.
        var (code, stdout, stderr) = await HaleProcess.RunAsync(command, "-c", path);

        Assert.Equal(2, code);
        Assert.DoesNotContain("OK", stdout, StringComparison.Ordinal);
        Assert.Contains($"{path}:2:12: state_dir: {state} is writable by other users (mode 0777)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_StateDirUnderAFile_Exit2()
    {
        Write("not-a-dir", "x");
        var path = Write("hale.yaml", "state_dir: ./not-a-dir/state\n");

        var (code, _, stderr) = await InvokeAsync("check", "-c", path);

        Assert.Equal(2, code);
        Assert.Contains("cannot be created", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CorruptStateFile_OkWithAWarningNamingTheFile()
    {
        var state = Directory.CreateDirectory(Path.Combine(_dir, "state")).FullName;
        File.WriteAllText(Path.Combine(state, "gate.state"), "garbage\n");
        var path = Write("hale.yaml", "checks:\n  gate:\n    toggle: { to_fail: { tcp: { host: h, port: 1 } }, to_ok: { oneshot: {} } }\n");

        var (code, stdout, stderr) = await InvokeAsync("check", "-c", path);

        Assert.Equal(0, code);
        Assert.Contains(": OK (", stdout, StringComparison.Ordinal);
        Assert.Contains($"{path}: warning: state file {Path.Combine(state, "gate.state")} holds 'garbage'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsVersion()
    {
        var (code, stdout, _) = await InvokeAsync("--version");

        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> InvokeAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await HaleCommand.InvokeAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
