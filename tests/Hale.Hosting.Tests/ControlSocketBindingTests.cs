using System.Net;
using System.Net.Sockets;
using Hale.State;

namespace Hale.Hosting.Tests;

/// <summary>The control socket is never reachable by other users: bound in a private directory, moved into place at 0600.</summary>
public sealed class ControlSocketBindingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-sock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task StartAsync_OpenDirectory_BoundInsideAPrivateDirectoryThenPublished0600()
    {
        // The socket's directory is open to everyone: binding there directly would expose the socket until its chmod.
        var parent = Directory.CreateDirectory(Path.Combine(_dir, "run")).FullName;
        File.SetUnixFileMode(parent, (UnixFileMode)0x1FF);
        var socket = Path.Combine(parent, "hale.sock");
        string? bindPath = null;
        FileStatus? bindDirectory = null;
        var existedAtBind = true;
        var server = new HealthCheckServer(new HealthCheckServerOptions
        {
            Listen = [new(IPAddress.Loopback, 0)],
            ControlSocketPath = socket,
            BeforeControlSocketBind = path =>
            {
                bindPath = path;
                bindDirectory = FileStatus.Get(Path.GetDirectoryName(path)!, followLinks: false);
                existedAtBind = File.Exists(socket);
            },
        });
        await using (server)
        {
            await server.StartAsync();

            Assert.NotNull(bindPath);
            Assert.NotEqual(parent, Path.GetDirectoryName(bindPath));
            Assert.Equal(parent, Path.GetDirectoryName(Path.GetDirectoryName(bindPath)));
            Assert.Equal(FileKind.Directory, bindDirectory?.Kind);
            Assert.Equal(PrivateDirectory.Mode, bindDirectory?.Mode);
            Assert.Equal(FileStatus.EffectiveUid, bindDirectory?.Uid);
            Assert.False(existedAtBind);
            var published = FileStatus.Get(socket, followLinks: false);
            Assert.Equal(FileKind.Socket, published?.Kind);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, published?.Mode);
            Assert.Equal(["hale.sock"], Directory.GetFileSystemEntries(parent).Select(Path.GetFileName));
            using (var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            {
                await client.ConnectAsync(new UnixDomainSocketEndPoint(socket));
            }

            await server.StopAsync();
            Assert.Empty(Directory.GetFileSystemEntries(parent));
        }
    }

    [Fact]
    public async Task StartAsync_StaleSocketFileAndMissingDirectory_Replaced()
    {
        var parent = Path.Combine(_dir, "state");
        var socket = Path.Combine(parent, "hale.sock");
        Directory.CreateDirectory(parent, PrivateDirectory.Mode);
        File.WriteAllText(socket, "stale");
        await using (var server = new HealthCheckServer(new HealthCheckServerOptions { Listen = [new(IPAddress.Loopback, 0)], ControlSocketPath = socket }))
        {
            await server.StartAsync();

            Assert.Equal(FileKind.Socket, FileStatus.Get(socket, followLinks: false)?.Kind);
        }

        Directory.Delete(parent, recursive: true);
        await using (var server = new HealthCheckServer(new HealthCheckServerOptions { Listen = [new(IPAddress.Loopback, 0)], ControlSocketPath = socket }))
        {
            await server.StartAsync();

            Assert.Equal(PrivateDirectory.Mode, File.GetUnixFileMode(parent));
            Assert.Equal(FileKind.Socket, FileStatus.Get(socket, followLinks: false)?.Kind);
        }
    }
}
