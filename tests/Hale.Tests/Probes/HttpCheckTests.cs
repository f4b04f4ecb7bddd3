using Hale.Checks;
using Hale.Probes;
using Hale.Testing;

namespace Hale.Tests.Probes;

public class HttpCheckTests
{
    [Theory]
    [InlineData(200, "200", CheckStatus.Ok)]
    [InlineData(204, "2xx", CheckStatus.Ok)]
    [InlineData(204, "200, 204", CheckStatus.Ok)]
    [InlineData(503, "2xx", CheckStatus.Fail)]
    [InlineData(201, "200", CheckStatus.Fail)]
    public async Task CheckAsync_Status_ComparedWithExpect(int served, string expect, CheckStatus expected)
    {
        await using var server = new TinyHttpServer { Status = served };
        using var check = new HttpCheck(new HttpCheckOptions { Url = server.Url(), Expect = ExpectedStatusCodes.Parse(expect) });

        var result = await check.CheckAsync();

        Assert.Equal(expected, result.Status);
        Assert.Contains(served.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Detail);
    }

    [Fact]
    public async Task CheckAsync_Redirect_FollowedByDefaultAndNotWhenDisabled()
    {
        await using var server = new TinyHttpServer();
        using var follows = new HttpCheck(new HttpCheckOptions { Url = server.Url("/redirect"), Expect = ExpectedStatusCodes.Ok200 });
        using var stays = new HttpCheck(new HttpCheckOptions { Url = server.Url("/redirect"), Expect = ExpectedStatusCodes.Ok200, FollowRedirects = false });

        Assert.Equal(CheckStatus.Ok, (await follows.CheckAsync()).Status);
        Assert.Equal(CheckStatus.Fail, (await stays.CheckAsync()).Status);
    }

    [Fact]
    public async Task CheckAsync_SlowServer_FailsAtTimeout()
    {
        await using var server = new TinyHttpServer { Delay = TimeSpan.FromSeconds(30) };
        using var check = new HttpCheck(new HttpCheckOptions { Url = server.Url(), Timeout = TimeSpan.FromMilliseconds(300) });

        var result = await check.CheckAsync();

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("timed out", result.Detail);
    }

    [Fact]
    public async Task CheckAsync_NothingListening_Fails()
    {
        int port;
        await using (var server = new TinyHttpServer())
        {
            port = server.Port;
        }

        using var check = new HttpCheck(new HttpCheckOptions { Url = new Uri($"http://127.0.0.1:{port}/") });

        Assert.Equal(CheckStatus.Fail, (await check.CheckAsync()).Status);
    }

    [Fact]
    public async Task CheckAsync_TwoChecksOneTarget_ReuseOneConnection()
    {
        await using var server = new TinyHttpServer { KeepAlive = true };
        using var first = new HttpCheck(new HttpCheckOptions { Url = server.Url("/a") });
        using var second = new HttpCheck(new HttpCheckOptions { Url = server.Url("/b"), Method = HttpMethod.Head, Timeout = TimeSpan.FromSeconds(5) });

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(CheckStatus.Ok, (await first.CheckAsync()).Status);
            Assert.Equal(CheckStatus.Ok, (await second.CheckAsync()).Status);
        }

        Assert.Equal(10, server.Requests);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task CheckAsync_ManyAtOnceToOneTarget_OpenAtMostTheBoundOfConnections()
    {
        await using var server = new TinyHttpServer { KeepAlive = true, Delay = TimeSpan.FromMilliseconds(300) };
        var checks = Enumerable.Range(0, 48).Select(_ => new HttpCheck(new HttpCheckOptions { Url = server.Url(), Timeout = TimeSpan.FromSeconds(30) })).ToArray();
        try
        {
            var results = await Task.WhenAll(checks.Select(c => c.CheckAsync().AsTask()));

            Assert.All(results, r => Assert.Equal(CheckStatus.Ok, r.Status));
            Assert.InRange(server.Connections, 1, HttpHandlerPool.MaxConnectionsPerTarget);
        }
        finally
        {
            foreach (var check in checks)
            {
                check.Dispose();
            }
        }
    }

    [Fact]
    public async Task CheckAsync_ServerStoppedAfterAPooledProbe_Fails()
    {
        var server = new TinyHttpServer { KeepAlive = true };
        using var check = new HttpCheck(new HttpCheckOptions { Url = server.Url() });
        Assert.Equal(CheckStatus.Ok, (await check.CheckAsync()).Status);

        // The kept-alive connection dies with the server: the next probe does not answer from it, it connects and is refused.
        await server.DisposeAsync();

        Assert.Equal(CheckStatus.Fail, (await check.CheckAsync()).Status);
    }

    [Fact]
    public void Constructor_PostMethod_Throws()
    {
        Assert.Throws<ArgumentException>(() => new HttpCheck(new HttpCheckOptions { Url = new Uri("http://127.0.0.1/"), Method = HttpMethod.Post }));
    }

    [Theory]
    [InlineData("2xx", 299, true)]
    [InlineData("2xx", 300, false)]
    [InlineData("200,204", 204, true)]
    [InlineData("5XX", 503, true)]
    public void ExpectedStatusCodes_Accepts(string text, int code, bool accepted)
    {
        Assert.Equal(accepted, ExpectedStatusCodes.Parse(text).Accepts(code));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("99")]
    [InlineData("600")]
    [InlineData("6xx")]
    [InlineData("")]
    public void ExpectedStatusCodes_Bad_Throws(string text)
    {
        Assert.Throws<FormatException>(() => ExpectedStatusCodes.Parse(text));
    }
}
