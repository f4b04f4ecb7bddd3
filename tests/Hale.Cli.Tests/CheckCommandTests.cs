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
