namespace Hale.Config.Tests;

/// <summary>The loader checks <c>state_dir</c> (so <c>hale check</c> and a reload do) and reports unusable state files as warnings.</summary>
public sealed class StateDirectoryCheckTests
{
    [Fact]
    public void Parse_WorldWritableStateDir_ErrorAtTheKeyNamingIt()
    {
        var folder = Directory.CreateDirectory(TestConfig.NewDirectory()).FullName;
        var state = Directory.CreateDirectory(Path.Combine(folder, "state")).FullName;
        File.SetUnixFileMode(state, (UnixFileMode)0x1FF);

        var ex = Assert.Throws<ConfigException>(() => TestConfig.Parse($"http: {{ listen: 127.0.0.1:8080 }}\nstate_dir: {state}\n", Path.Combine(folder, "hale.yaml")));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((2, 12), (error.Line, error.Column));
        Assert.Contains($"state_dir: {state} is writable by other users (mode 0777)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StateDirIsAFile_Error()
    {
        var folder = Directory.CreateDirectory(TestConfig.NewDirectory()).FullName;
        File.WriteAllText(Path.Combine(folder, "state"), "not a directory");

        var ex = Assert.Throws<ConfigException>(() => TestConfig.Parse("checks: {}\n", Path.Combine(folder, "hale.yaml")));

        Assert.Contains("is not a directory", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CorruptStateFile_LoadsWithAWarningNamingTheFile()
    {
        var folder = Directory.CreateDirectory(TestConfig.NewDirectory()).FullName;
        var state = Directory.CreateDirectory(Path.Combine(folder, "state")).FullName;
        File.WriteAllText(Path.Combine(state, "gate.state"), "garbage\n");

        var loaded = TestConfig.Parse(
            "checks:\n  gate:\n    toggle: { to_fail: { tcp: { host: h, port: 1 } }, to_ok: { oneshot: {} } }\n",
            Path.Combine(folder, "hale.yaml"));

        var warning = Assert.Single(loaded.Warnings);
        Assert.Contains(Path.Combine(state, "gate.state"), warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ValueWithControlCharacters_ErrorEscapedOnOneLine()
    {
        // A quoted value with a line break, a carriage return and an escape sequence must not forge a FILE:LINE:COL line.
        var error = TestConfig.Error("check_every: \"1x\\n/etc/hale.yaml:1:1: forged\\v\\r\\e[2Kend\"\n");

        Assert.DoesNotContain(error.ToString(), char.IsControl);
        Assert.True(error.Message.Contains("'1x\\n/etc/hale.yaml:1:1: forged\\x0b\\r\\x1b[2Kend'", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void Parse_HugeValue_ErrorCut()
    {
        var error = TestConfig.Error($"check_every: \"{new string('9', 5000)}x\"\n");

        Assert.True(error.Message.Length <= 1001, error.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("…", error.Message, StringComparison.Ordinal);
    }
}
