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
}
