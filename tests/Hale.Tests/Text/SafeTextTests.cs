using Hale.Text;

namespace Hale.Tests.Text;

public sealed class SafeTextTests
{
    [Fact]
    public void Escape_ControlCharacters_EscapedOnOneLine()
    {
        var escaped = SafeText.Escape("ad\nmin\r\t\u001b[2J\u0000\u007f\u0085\u2028\u202e");

        Assert.Equal("ad\\nmin\\r\\t\\x1b[2J\\x00\\x7f\\x85\\u2028\\u202e", escaped);
    }

    [Fact]
    public void Escape_Plain_Unchanged()
    {
        Assert.Equal("C:\\path é ✓", SafeText.Escape("C:\\path é ✓"));
        Assert.Equal(string.Empty, SafeText.Escape(null));
    }

    [Fact]
    public void Escape_Long_CutWithEllipsis()
    {
        var escaped = SafeText.Escape(new string('a', 1000));

        Assert.Equal(new string('a', SafeText.ValueLength) + "…", escaped);
    }

    [Fact]
    public void Escape_EscapesCountTowardsTheCut()
    {
        var escaped = SafeText.Escape(new string('\u001b', 100), maxLength: 10);

        Assert.Equal("\\x1b\\x1b\\x…", escaped);
    }

    [Theory]
    [InlineData("200 from https://user:p%40ss@example.com/health?apikey=abc, expected 204", "200 from https://***@example.com/health?***, expected 204")]
    [InlineData("GET http://admin:secret@10.0.0.1:8080/x failed", "GET http://***@10.0.0.1:8080/x failed")]
    [InlineData("https://example.com/status?token=t0k3n", "https://example.com/status?***")]
    [InlineData("https://u:p@ss@host/p", "https://***@host/p")]
    [InlineData("https://example.com/plain and connected to 127.0.0.1:25", "https://example.com/plain and connected to 127.0.0.1:25")]
    public void RedactUrls_UserInfoAndQuery_Replaced(string text, string expected)
    {
        Assert.Equal(expected, SafeText.RedactUrls(text));
    }

    [Fact]
    public void ForLog_RedactsThenEscapes()
    {
        Assert.Equal("exit 1: https://***@h/?***\\nforged", SafeText.ForLog("exit 1: https://a:b@h/?k=v\nforged"));
    }
}
