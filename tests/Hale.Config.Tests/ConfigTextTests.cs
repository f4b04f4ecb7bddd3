using System.Text;

namespace Hale.Config.Tests;

public class ConfigTextTests
{
    [Fact]
    public void Load_InvalidUtf8_ErrorAtTheLineAndColumnOfTheFirstBadByte()
    {
        var path = Write([.. Encoding.UTF8.GetBytes("checks:\n  é: { tcp: { host: h"), 0xFF, .. Encoding.UTF8.GetBytes(", port: 1 } }\n")]);

        var error = Assert.Single(Assert.Throws<ConfigException>(() => HaleConfigLoader.Load(path)).Errors);

        Assert.Equal((path, 2, 22), (error.File, error.Line, error.Column));
        Assert.Equal("the configuration is not valid UTF-8 text: byte 0xFF is not valid UTF-8 (byte offset 30)", error.Message);
    }

    [Fact]
    public void Load_TruncatedSequenceAtTheEnd_Error()
    {
        var path = Write([.. Encoding.UTF8.GetBytes("checks: {}\n# "), 0xE2, 0x82]);

        var error = Assert.Single(Assert.Throws<ConfigException>(() => HaleConfigLoader.Load(path)).Errors);

        Assert.Equal((2, 3), (error.Line, error.Column));
        Assert.Contains("cut off at the end of the file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Utf8WithByteOrderMark_Loads()
    {
        var path = Write([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("checks:\n  ä: { tcp: { host: h, port: 1 } }\n")]);

        var config = HaleConfigLoader.Load(path);

        Assert.Equal("ä", Assert.Single(config.Components).Name);
    }

    [Fact]
    public void Load_Utf16WithByteOrderMark_Loads()
    {
        var path = Write([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("checks:\n  a: { tcp: { host: h, port: 1 } }\n")]);

        var config = HaleConfigLoader.Load(path);

        Assert.Equal("a", Assert.Single(config.Components).Name);
    }

    private static string Write(byte[] bytes)
    {
        var path = TestConfig.SourcePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
