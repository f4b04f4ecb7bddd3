using Hale.State;

namespace Hale.Tests.State;

public sealed class PrivateDirectoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-private-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Ensure_Missing_Created0700()
    {
        var path = Path.Combine(_dir, "a", "state");

        PrivateDirectory.Ensure(path);

        Assert.Equal(PrivateDirectory.Mode, File.GetUnixFileMode(path));
    }

    [Theory]
    [InlineData(UnixFileMode.OtherWrite)]
    [InlineData(UnixFileMode.GroupWrite)]
    public void Ensure_WritableByOthers_RefusedNamingTheDirectory(UnixFileMode extra)
    {
        var path = Directory.CreateDirectory(Path.Combine(_dir, "state")).FullName;
        File.SetUnixFileMode(path, PrivateDirectory.Mode | extra | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        var ex = Assert.Throws<IOException>(() => PrivateDirectory.Ensure(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("writable by other users", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_AFile_NotADirectory()
    {
        var path = Path.Combine(_dir, "file");
        File.WriteAllText(path, "x");

        Assert.Equal($"{path} is not a directory", PrivateDirectory.Problem(path));
        Assert.Contains("is not a directory", PrivateDirectory.Problem(Path.Combine(path, "state")), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_OwnedByAnotherUser_Refused()
    {
        if (FileStatus.EffectiveUid != 0)
        {
            return; // Only root can give a directory away.
        }

        var path = Directory.CreateDirectory(Path.Combine(_dir, "theirs")).FullName;
        File.SetUnixFileMode(path, PrivateDirectory.Mode);
        Assert.Equal(0, Chown(path, 65534, 65534));

        Assert.Contains("is owned by uid 65534", PrivateDirectory.Problem(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_PrivateOrCreatable_Null()
    {
        Assert.Null(PrivateDirectory.Problem(_dir));
        Assert.Null(PrivateDirectory.Problem(Path.Combine(_dir, "new", "state")));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "chown", SetLastError = true)]
#pragma warning disable CA2101, SYSLIB1054 // A test helper; the path is ASCII.
    private static extern int Chown([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPStr)] string path, int uid, int gid);
#pragma warning restore CA2101, SYSLIB1054
}
