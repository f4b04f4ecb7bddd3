using Hale.Checks;
using Hale.Combinators;
using Hale.State;

namespace Hale.Tests.State;

public sealed class FileOperatorStateStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hale-state-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Write_ThenRead_InAnotherInstance()
    {
        new FileOperatorStateStore(_dir).Write("mail/u5", "fail");

        Assert.Equal("fail", new FileOperatorStateStore(_dir).Read("mail/u5"));
        Assert.Single(Directory.GetFiles(_dir));
        Assert.DoesNotContain(Directory.GetFiles(_dir), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_Null_Deletes()
    {
        var store = new FileOperatorStateStore(_dir);
        store.Write("k", "armed");

        store.Write("k", null);

        Assert.Null(store.Read("k"));
    }

    [Fact]
    public void Read_NothingStored_Null()
    {
        Assert.Null(new FileOperatorStateStore(_dir).Read("nothing"));
    }

    [Fact]
    public void Write_SymlinkPlantedAtTheTempPath_NotFollowed()
    {
        Directory.CreateDirectory(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var victim = Path.Combine(Path.GetTempPath(), "hale-victim-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(victim, "precious\n");
        try
        {
            File.CreateSymbolicLink(Path.Combine(_dir, "k.state.tmp"), victim);

            new FileOperatorStateStore(_dir).Write("k", "fail");

            Assert.Equal("precious\n", File.ReadAllText(victim));
            Assert.Equal("fail", new FileOperatorStateStore(_dir).Read("k"));
            Assert.False(File.Exists(Path.Combine(_dir, "k.state.tmp")));
        }
        finally
        {
            File.Delete(victim);
        }
    }

    [Fact]
    public void Write_MissingDirectory_Created0700()
    {
        new FileOperatorStateStore(_dir).Write("k", "fail");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir, "k.state")));
    }

    [Fact]
    public void Write_WorldWritableDirectory_RefusedAndNothingWritten()
    {
        Directory.CreateDirectory(_dir);
        File.SetUnixFileMode(_dir, (UnixFileMode)0x1FF);

        var ex = Assert.Throws<IOException>(() => new FileOperatorStateStore(_dir).Write("k", "fail"));

        Assert.Contains("writable by other users", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void Read_UnreadableFile_NullAndAWarningNamingIt()
    {
        var store = new FileOperatorStateStore(_dir);
        store.Write("k", "fail");
        var path = Path.Combine(_dir, "k.state");
        File.WriteAllBytes(path, [0x66, 0xff, 0xfe]);

        Assert.Null(store.Read("k"));

        var warning = Assert.Single(store.TakeWarnings());
        Assert.Contains(path, warning, StringComparison.Ordinal);
        Assert.Empty(store.TakeWarnings());
    }

    [Fact]
    public void Read_ADirectoryInPlaceOfTheFile_NullAndAWarningNamingIt()
    {
        var store = new FileOperatorStateStore(_dir);
        Directory.CreateDirectory(Path.Combine(_dir, "k.state"));

        Assert.Null(store.Read("k"));

        Assert.Contains(Path.Combine(_dir, "k.state"), Assert.Single(store.TakeWarnings()), StringComparison.Ordinal);
    }

    [Fact]
    public void Toggle_CorruptStateFile_DefaultStateAndAWarningNamingIt()
    {
        var store = new FileOperatorStateStore(_dir);
        store.Write("t", "fial");

        var toggle = new Toggle(new Hale.Testing.ScriptedCheck(CheckStatus.Fail), new Hale.Testing.ScriptedCheck(CheckStatus.Fail), HealthState.Ok, new OperatorStateSlot(store, "t"));

        Assert.Equal(HealthState.Ok, toggle.State);
        var warning = Assert.Single(store.TakeWarnings());
        Assert.Contains(Path.Combine(_dir, "t.state"), warning, StringComparison.Ordinal);
        Assert.Contains("'fial'", warning, StringComparison.Ordinal);
    }
}
