using System.Text;
using Hale.Processes;

namespace Hale.Tests.Processes;

public sealed class OutputLineReaderTests
{
    [Fact]
    public async Task PumpAsync_Lines_HandedOnWithoutLineEnds()
    {
        var lines = await PumpAsync("one\ntwo\r\n\nlast");

        Assert.Equal(["one", "two", "", "last"], lines);
    }

    [Fact]
    public async Task PumpAsync_LongLine_CutInto8KiBPieces()
    {
        var lines = await PumpAsync(new string('a', 20000) + "\nb\n");

        Assert.Equal([8192, 8192, 3616, 1], lines.Select(l => l.Length));
    }

    [Fact]
    public async Task PumpAsync_MultibyteCharacterAtTheLimit_NotSplit()
    {
        // 8191 ASCII bytes, then "é" (2 bytes) straddles the 8 KiB limit: the first piece stops before it.
        var lines = await PumpAsync(new string('a', 8191) + "é€z\n");

        Assert.Equal([new string('a', 8191), "é€z"], lines);
    }

    [Fact]
    public async Task PumpAsync_InvalidUtf8_ReplacementCharacter()
    {
        var lines = await PumpAsync([0x41, 0xFF, 0x42, (byte)'\n']);

        Assert.Equal(["A\uFFFDB"], lines);
    }

    private static Task<List<string>> PumpAsync(string text) => PumpAsync(Encoding.UTF8.GetBytes(text));

    private static async Task<List<string>> PumpAsync(byte[] bytes)
    {
        var lines = new List<string>();
        using var stream = new MemoryStream(bytes);

        await OutputLineReader.PumpAsync(stream, OutputStream.Stdout, line => lines.Add(line.Text), CancellationToken.None);

        return lines;
    }
}
