using System.Globalization;
using Hale.Cli.Daemon;

namespace Hale.Cli.Tests.Daemon;

public sealed class PidFileLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-pid-").FullName;

    private static string OurPid => Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n";

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Acquire_NoFile_WritesOurPid()
    {
        var path = Path.Combine(_dir, "hale.pid");

        using var pidFile = PidFileLock.Acquire(path);

        Assert.Equal(OurPid, await ExternalTool.CatAsync(path));
        Assert.Equal(path, pidFile.Path);
    }

    [Fact]
    public async Task Acquire_Held_IsAFlockOtherProgramsSee()
    {
        var path = Path.Combine(_dir, "hale.pid");

        using (PidFileLock.Acquire(path))
        {
            Assert.Equal(1, await ExternalTool.TryFlockAsync(path));
        }

        Assert.Equal(0, await ExternalTool.TryFlockAsync(path));
    }

    [Fact]
    public async Task Acquire_HeldByAnotherProcess_ThrowsAndLeavesItsContent()
    {
        var path = Path.Combine(_dir, "hale.pid");
        File.WriteAllText(path, "4242\n");
        using var other = await FlockHolder.StartAsync(path);

        var ex = Assert.Throws<PidFileLockException>(() => PidFileLock.Acquire(path));

        Assert.Equal($"Failed to acquire exclusive lock on {path}.", ex.Message);
        Assert.Equal("4242\n", await ExternalTool.CatAsync(path));
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Acquire_HeldInThisProcess_ThrowsAndLeavesContent()
    {
        var path = Path.Combine(_dir, "hale.pid");
        using var first = PidFileLock.Acquire(path);

        var ex = Assert.Throws<PidFileLockException>(() => PidFileLock.Acquire(path));

        Assert.Equal($"Failed to acquire exclusive lock on {path}.", ex.Message);
        Assert.Equal(OurPid, await ExternalTool.CatAsync(path));
    }

    [Fact]
    public async Task Acquire_HeldByAnotherProcess_ExceptionCarriesItsPid()
    {
        var path = Path.Combine(_dir, "hale.pid");
        File.WriteAllText(path, "4242\n");
        using var other = await FlockHolder.StartAsync(path);

        var ex = Assert.Throws<PidFileLockException>(() => PidFileLock.Acquire(path));

        Assert.Equal(4242, ex.HolderPid);
    }

    [Fact]
    public void ReadPid_HeldInThisProcess_ReadsWithoutTheLock()
    {
        var path = Path.Combine(_dir, "hale.pid");
        using var held = PidFileLock.Acquire(path);

        Assert.Equal(Environment.ProcessId, PidFileLock.ReadPid(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a pid\n")]
    [InlineData("-5\n")]
    [InlineData("0\n")]
    public void ReadPid_NoPidInFile_Null(string content)
    {
        var path = Path.Combine(_dir, "hale.pid");
        File.WriteAllText(path, content);

        Assert.Null(PidFileLock.ReadPid(path));
    }

    [Fact]
    public void ReadPid_MissingFile_Null()
    {
        Assert.Null(PidFileLock.ReadPid(Path.Combine(_dir, "missing.pid")));
    }

    [Fact]
    public void Acquire_RelativePath_MessageNamesThePathAsGiven()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(_dir, "hale.pid"));
        using var first = PidFileLock.Acquire(relative);

        var ex = Assert.Throws<PidFileLockException>(() => PidFileLock.Acquire(relative));

        Assert.Equal($"Failed to acquire exclusive lock on {relative}.", ex.Message);
    }

    [Fact]
    public async Task Acquire_StaleFileWithoutHolder_TakesItOver()
    {
        var path = Path.Combine(_dir, "hale.pid");
        File.WriteAllText(path, "99999999\nleftover from a crashed instance\n");

        using var pidFile = PidFileLock.Acquire(path);

        Assert.Equal(OurPid, await ExternalTool.CatAsync(path));
    }

    [Fact]
    public async Task Acquire_MissingDirectory_CreatesIt()
    {
        var path = Path.Combine(_dir, "run", "hale", "hale.pid");

        using var pidFile = PidFileLock.Acquire(path);

        Assert.Equal(OurPid, await ExternalTool.CatAsync(path));
    }

    [Fact]
    public void Acquire_DotnetFileLockingDisabled_ThrowsWithoutCreatingTheFile()
    {
        var path = Path.Combine(_dir, "hale.pid");
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING", "1");
        try
        {
            var ex = Assert.Throws<IOException>(() => PidFileLock.Acquire(path));

            Assert.Contains("file locking is disabled", ex.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(path));
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING", null);
        }
    }

    [Fact]
    public void Dispose_Held_RemovesFileAndReleasesLock()
    {
        var path = Path.Combine(_dir, "hale.pid");
        var pidFile = PidFileLock.Acquire(path);

        pidFile.Dispose();

        Assert.False(File.Exists(path));
        using var again = PidFileLock.Acquire(path);
        Assert.True(File.Exists(path));
    }
}
