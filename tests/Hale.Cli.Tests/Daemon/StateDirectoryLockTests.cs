using Hale.Cli.Daemon;

namespace Hale.Cli.Tests.Daemon;

public sealed class StateDirectoryLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-statelock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Acquire_MissingDirectory_CreatedMode0700WithLockHoldingOurPid()
    {
        var state = Path.Combine(_dir, "var", "state");

        using var held = StateDirectoryLock.Acquire(state);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(state));
        Assert.Equal(Path.Combine(state, "hale.lock"), held.Path);
        Assert.Equal($"{Environment.ProcessId}\n", await ExternalTool.CatAsync(held.Path));
        Assert.Equal(1, await ExternalTool.TryFlockAsync(held.Path));
    }

    [Fact]
    public void Acquire_ExistingDirectory_ModeLeftAsItIs()
    {
        var state = Path.Combine(_dir, "state");
        Directory.CreateDirectory(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var before = File.GetUnixFileMode(state);

        using var held = StateDirectoryLock.Acquire(state);

        Assert.Equal(before, File.GetUnixFileMode(state));
    }

    [Fact]
    public async Task TryAcquireAsync_HeldByAnotherProcess_NullAndAlreadyRunningWithItsPid()
    {
        var state = Path.Combine(_dir, "state");
        Directory.CreateDirectory(state);
        var lockFile = Path.Combine(state, "hale.lock");
        File.WriteAllText(lockFile, "4242\n");
        using var other = await FlockHolder.StartAsync(lockFile);
        using var stderr = new StringWriter();

        var held = await StateDirectoryLock.TryAcquireAsync(state, stderr, TimeProvider.System, CancellationToken.None);

        Assert.Null(held);
        Assert.Equal("hale: already running (pid 4242)\n", stderr.ToString());
        Assert.Equal("4242\n", await ExternalTool.CatAsync(lockFile));
    }

    [Fact]
    public async Task TryAcquireAsync_HolderWroteNoPid_NullNamingTheLockedFile()
    {
        var state = Path.Combine(_dir, "state");
        Directory.CreateDirectory(state);
        var lockFile = Path.Combine(state, "hale.lock");
        File.WriteAllText(lockFile, string.Empty);
        using var other = await FlockHolder.StartAsync(lockFile);
        using var stderr = new StringWriter();

        var held = await StateDirectoryLock.TryAcquireAsync(state, stderr, TimeProvider.System, CancellationToken.None);

        Assert.Null(held);
        Assert.Equal($"hale: already running ({lockFile} is locked by another process)\n", stderr.ToString());
    }

    [Fact]
    public async Task TryAcquireAsync_StaleFileWithoutHolder_TakesItOver()
    {
        var state = Path.Combine(_dir, "state");
        Directory.CreateDirectory(state);
        File.WriteAllText(Path.Combine(state, "hale.lock"), "99999999\n");
        using var stderr = new StringWriter();

        using var held = await StateDirectoryLock.TryAcquireAsync(state, stderr, TimeProvider.System, CancellationToken.None);

        Assert.NotNull(held);
        Assert.Equal(string.Empty, stderr.ToString());
        Assert.Equal($"{Environment.ProcessId}\n", await ExternalTool.CatAsync(held.Path));
    }

    [Fact]
    public async Task TryAcquireAsync_DirectoryNotCreatable_NullAndWhy()
    {
        var blocker = Path.Combine(_dir, "file");
        File.WriteAllText(blocker, "not a directory");
        var state = Path.Combine(blocker, "state");
        using var stderr = new StringWriter();

        var held = await StateDirectoryLock.TryAcquireAsync(state, stderr, TimeProvider.System, CancellationToken.None);

        Assert.Null(held);
        Assert.StartsWith($"hale: cannot lock the state directory {state}: ", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_Held_RemovesTheLockFileAndReleasesIt()
    {
        var state = Path.Combine(_dir, "state");
        var held = StateDirectoryLock.Acquire(state);

        held.Dispose();

        Assert.False(File.Exists(Path.Combine(state, "hale.lock")));
        using var again = StateDirectoryLock.Acquire(state);
    }
}
