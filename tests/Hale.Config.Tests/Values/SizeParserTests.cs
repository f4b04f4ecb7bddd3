using Hale.Config.Values;

namespace Hale.Config.Tests.Values;

public sealed class SizeParserTests
{
    [Theory]
    [InlineData("1048576", 1048576)]
    [InlineData("100B", 100)]
    [InlineData("512KB", 512L * 1024)]
    [InlineData("512k", 512L * 1024)]
    [InlineData("10MB", 10L * 1024 * 1024)]
    [InlineData("10 MiB", 10L * 1024 * 1024)]
    [InlineData("2gb", 2L * 1024 * 1024 * 1024)]
    [InlineData("1024GB", 1L << 40)]
    public void TryParse_ValidSize_Bytes(string text, long expected)
    {
        Assert.True(SizeParser.TryParse(text, out var bytes, out var error), error);
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("", "expected a size")]
    [InlineData("10 megabytes", "expected a size")]
    [InlineData("1.5MB", "expected a size")]
    [InlineData("-1", "expected a size")]
    [InlineData("1025GB", "larger than the maximum size of 1TB")]
    [InlineData("99999999999999999999", "larger than the maximum size of 1TB")]
    public void TryParse_Invalid_ErrorSaysWhy(string text, string message)
    {
        Assert.False(SizeParser.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
