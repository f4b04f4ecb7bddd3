using Hale.Logs;

namespace Hale.Tests.Logs;

public sealed class RotatingFileWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-log-").FullName;

    private string LogPath => Path.Combine(_dir, "hale.log");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Write_LineExactlyReachesMaxBytes_NoRotation()
    {
        using var writer = new RotatingFileWriter(LogPath, maxBytes: 10);

        writer.Write("abcd\n");
        writer.Write("efgh\n");

        Assert.Equal("abcd\nefgh\n", File.ReadAllText(LogPath));
        Assert.False(File.Exists(LogPath + ".1"));
    }

    [Fact]
    public void Write_LineOneByteOverMaxBytes_RotatesFirst()
    {
        using var writer = new RotatingFileWriter(LogPath, maxBytes: 10);

        writer.Write("abcd\n");
        writer.Write("efghi\n");

        Assert.Equal("abcd\n", File.ReadAllText(LogPath + ".1"));
        Assert.Equal("efghi\n", File.ReadAllText(LogPath));
    }

    [Fact]
    public void Write_LineLongerThanMaxBytes_WrittenWholeIntoAFreshFile()
    {
        using var writer = new RotatingFileWriter(LogPath, maxBytes: 4);

        writer.Write("a\n");
        writer.Write("longer than four\n");

        Assert.Equal("a\n", File.ReadAllText(LogPath + ".1"));
        Assert.Equal("longer than four\n", File.ReadAllText(LogPath));
    }

    [Fact]
    public void Write_ManyRotations_KeepsFiveBackupsNewestFirstAndDropsTheOldest()
    {
        using var writer = new RotatingFileWriter(LogPath, maxBytes: 8);

        for (var i = 1; i <= 8; i++)
        {
            writer.Write($"line {i}\n");
        }

        Assert.Equal("line 8\n", File.ReadAllText(LogPath));
        Assert.Equal("line 7\n", File.ReadAllText(LogPath + ".1"));
        Assert.Equal("line 6\n", File.ReadAllText(LogPath + ".2"));
        Assert.Equal("line 5\n", File.ReadAllText(LogPath + ".3"));
        Assert.Equal("line 4\n", File.ReadAllText(LogPath + ".4"));
        Assert.Equal("line 3\n", File.ReadAllText(LogPath + ".5"));
        Assert.False(File.Exists(LogPath + ".6"));
        Assert.Equal(6, Directory.GetFiles(_dir).Length);
    }

    [Fact]
    public void Write_ZeroBackups_StartsTheFileOver()
    {
        using var writer = new RotatingFileWriter(LogPath, maxBytes: 8, backups: 0);

        writer.Write("line 1\n");
        writer.Write("line 2\n");

        Assert.Equal("line 2\n", File.ReadAllText(LogPath));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Write_ExistingFile_AppendsAndCountsItsSize()
    {
        File.WriteAllText(LogPath, "earlier run\n");
        using var writer = new RotatingFileWriter(LogPath, maxBytes: 20);

        writer.Write("now\n");
        writer.Write("and more\n");

        Assert.Equal("earlier run\nnow\n", File.ReadAllText(LogPath + ".1"));
        Assert.Equal("and more\n", File.ReadAllText(LogPath));
    }

    [Fact]
    public void Write_EachLine_OnDiskBeforeWriteReturns()
    {
        using var writer = new RotatingFileWriter(LogPath);

        writer.Write("first\n");

        Assert.Equal("first\n", File.ReadAllText(LogPath));
    }

    [Fact]
    public void Write_DirectoryRemovedMeanwhile_DropsTheLineThenRecovers()
    {
        var path = Path.Combine(_dir, "sub", "hale.log");
        using var writer = new RotatingFileWriter(path, maxBytes: 8);
        Directory.Delete(Path.Combine(_dir, "sub"), recursive: true);

        writer.Write("line 1\n");
        writer.Write("line 2\n");
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        writer.Write("line 3\n");

        Assert.Equal("line 3\n", File.ReadAllText(path));
    }

    [Fact]
    public void Write_AfterDispose_Ignored()
    {
        var writer = new RotatingFileWriter(LogPath);
        writer.Dispose();

        writer.Write("late\n");

        Assert.Equal(string.Empty, File.ReadAllText(LogPath));
    }

    [Fact]
    public void Constructor_MissingDirectory_CreatesIt()
    {
        var path = Path.Combine(_dir, "var", "log", "hale", "hale.log");

        using var writer = new RotatingFileWriter(path);

        Assert.True(File.Exists(path));
    }
}
