namespace Hale.Cli.Tests;

public sealed class ConvertCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string HostA => Path.Combine(AppContext.BaseDirectory, "fixtures", "valet", "ha_valet.host_a.cfg");

    [Fact]
    public async Task Convert_ValetReadme_PrintsNativeYamlThatChecks()
    {
        var (code, stdout, stderr) = await InvokeAsync("convert", "-c", HostA);

        Assert.True(code == 0, stderr);
        Assert.Contains("coordinator: local", stdout, StringComparison.Ordinal);
        Assert.Contains("\"Allegro\":", stdout, StringComparison.Ordinal);
        var converted = Write("hale.yaml", stdout);
        var (checkCode, checkOut, checkErr) = await InvokeAsync("check", "-c", converted, "--format", "hale");
        Assert.True(checkCode == 0, checkErr);
        Assert.Contains(": OK (", checkOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "valet")]
    [InlineData("--log-level", "info")]
    public async Task Check_ValetReadme_Exit0WithOrWithoutFormat(string option, string value)
    {
        var (code, stdout, stderr) = await InvokeAsync("check", "-c", HostA, option, value);

        Assert.True(code == 0, stderr);
        Assert.Contains(": OK (", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_BrokenValetFile_Exit2WithFileLine()
    {
        var path = Write("ha_valet.cfg", ":Web\n    host = a\n    priority = 0\n    user = u\n    port = 1\n    protocol = http\n    start_command=\"s\"\n    stop_command=\"t\"\n    test_command=\"u\"\n");

        var (code, stdout, stderr) = await InvokeAsync("convert", "-c", path);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains($"{path}:3:0: priority: expected a whole number from 1 to 254, found '0'", stderr, StringComparison.Ordinal);
        Assert.Contains("1 error", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ValetFileWithUnknownKey_Exit0AndWarnsWithTheLine()
    {
        var text = File.ReadAllText(HostA) + "    colour = blue\n";
        var path = Write("ha_valet.cfg", text);

        var (code, _, stderr) = await InvokeAsync("check", "-c", path);

        Assert.Equal(0, code);
        Assert.Contains($"{path}:{text.Split('\n').Length - 1}: unknown key 'colour' in section ':Allegro'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_UnknownFormat_Exit2()
    {
        var (code, _, stderr) = await InvokeAsync("convert", "-c", HostA, "--format", "ini");

        Assert.Equal(2, code);
        Assert.Contains("'ini' is not a configuration format (valet, heartbeat, autoheal, hale)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_ValetFileReadAsHale_Exit2WithYamlErrors()
    {
        var (code, _, stderr) = await InvokeAsync("convert", "-c", HostA, "--format", "hale");

        Assert.Equal(2, code);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(HostA)}:\d+:\d+: ", stderr);
    }

    [Fact]
    public async Task Valet_UnknownProcess_SaysSoAndExits0()
    {
        var (code, stdout, _) = await InvokeAsync("valet", "-p", "Nope", "-f", HostA);

        Assert.Equal(0, code);
        Assert.Contains("No process named 'Nope'", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valet_MissingFile_Exit2NamingIt()
    {
        var (code, _, stderr) = await InvokeAsync("valet", "-p", "Ostro", "-f", Path.Combine(_dir, "ha_valet.cfg"));

        Assert.Equal(2, code);
        Assert.Contains("ha_valet.cfg:0:0: cannot read the configuration: file not found", stderr, StringComparison.Ordinal);
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
