using System.Net;
using System.Net.Sockets;
using System.Text;
using Hale.Auth;
using Hale.Checks;
using Hale.Combinators;
using Hale.Probes;
using Hale.State;
using Hale.Testing;

namespace Hale.Hosting.Tests;

/// <summary>failover's example 5 (TCP failover with manual fail-back) through real HTTP, a real htpasswd file and a real TCP target.</summary>
public sealed class ManualFailbackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-failback-").FullName;
    private readonly string _htpasswd;
    private readonly TcpListener _target = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;

    public ManualFailbackTests()
    {
        _htpasswd = HtpasswdTool.WriteAllFormats(Path.Combine(_dir, "healthcheck_users"));
        _target.Start();
        _targetPort = ((IPEndPoint)_target.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _target.Stop();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task TenFailures_LatchFail_UntilAuthenticatedPost()
    {
        await using var running = await StartExample5Async(_htpasswd);

        Assert.Equal((200, "OK"), await running.SendAsync(HttpMethod.Get, "/mail-u5"));
        _target.Stop();
        var whileFailing = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            whileFailing.Add((await running.SendAsync(HttpMethod.Get, "/mail-u5")).Status);
        }

        _target.Start();
        var latched = await running.SendAsync(HttpMethod.Get, "/mail-u5");
        var post = await running.SendAsync(HttpMethod.Post, "/mail-u5", Basic("bcryptuser", "s3cret"));
        var released = await running.SendAsync(HttpMethod.Get, "/mail-u5");

        Assert.Equal([.. Enumerable.Repeat(200, 9), 503], whileFailing);
        Assert.Equal((503, "FAIL"), latched);
        Assert.Equal((200, "Armed"), post);
        Assert.Equal((200, "OK"), released);
    }

    [Theory]
    [InlineData("bcryptuser")]
    [InlineData("apr1user")]
    [InlineData("shauser")]
    [InlineData("cryptuser")]
    public async Task Post_GoodPasswordOfEachFormat_Armed(string user)
    {
        await using var running = await StartExample5Async(_htpasswd);

        Assert.Equal((200, "Armed"), await running.SendAsync(HttpMethod.Post, "/mail-u5", Basic(user, "s3cret")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Negotiate YWJj")]
    [InlineData("Basic `'[]")]
    [InlineData("1234")]
    [InlineData("BASIC d3Jvbmc=")]
    public async Task Post_BadOrMissingCredentials_401WithChallenge(string? authorization)
    {
        await using var running = await StartExample5Async(_htpasswd);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mail-u5");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await running.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid credentials", await response.Content.ReadAsStringAsync());
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("bcryptuser")]
    [InlineData("apr1user")]
    [InlineData("shauser")]
    [InlineData("cryptuser")]
    [InlineData("plainuser")]
    public async Task Post_WrongPasswordOrPlaintextEntry_401(string user)
    {
        await using var running = await StartExample5Async(_htpasswd);

        var password = user == "plainuser" ? "s3cret" : "wrong";
        Assert.Equal(401, (await running.SendAsync(HttpMethod.Post, "/mail-u5", Basic(user, password))).Status);
    }

    [Fact]
    public async Task Post_HtpasswdFileMissing_500Error()
    {
        await using var running = await StartExample5Async(Path.Combine(_dir, "missing"));

        Assert.Equal((500, "ERROR"), await running.SendAsync(HttpMethod.Post, "/mail-u5", Basic("bcryptuser", "s3cret")));
    }

    [Fact]
    public async Task Post_AfterFiveFailures_429EvenWithGoodPassword()
    {
        await using var running = await StartExample5Async(_htpasswd);
        var failures = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            failures.Add((await running.SendAsync(HttpMethod.Post, "/mail-u5", Basic("apr1user", "guess" + i))).Status);
        }

        var limited = await running.SendAsync(HttpMethod.Post, "/mail-u5", Basic("apr1user", "s3cret"));

        Assert.All(failures, s => Assert.Equal(401, s));
        Assert.Equal(429, limited.Status);
    }

    [Fact]
    public async Task Post_GlobalFailureBudgetSpent_429ForEveryClient()
    {
        var limits = new AuthLimits { FailuresPerClient = 1000, FailuresTotal = 3 };
        await using var running = await StartExample5Async(_htpasswd, limits);
        var failures = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            failures.Add((await running.SendAsync(HttpMethod.Post, "/mail-u5", Basic("apr1user", "guess" + i))).Status);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/mail-u5");
        request.Headers.TryAddWithoutValidation("Authorization", Basic("apr1user", "s3cret"));
        using var limited = await running.Client.SendAsync(request);

        Assert.All(failures, s => Assert.Equal(401, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 10);
    }

    [Fact]
    public async Task Post_UserAddedToFileWhileRunning_AcceptedWithoutRestart()
    {
        await using var running = await StartExample5Async(_htpasswd);
        Assert.Equal(401, (await running.SendAsync(HttpMethod.Post, "/mail-u5", Basic("newop", "n3w"))).Status);

        HtpasswdTool.Add(_htpasswd, "newop", "n3w", "-B");

        Assert.Equal((200, "Armed"), await running.SendAsync(HttpMethod.Post, "/mail-u5", Basic("newop", "n3w")));
    }

    [Fact]
    public async Task Latch_SurvivesServerRestart()
    {
        await using (var first = await StartExample5Async(_htpasswd))
        {
            _target.Stop();
            for (var i = 0; i < 10; i++)
            {
                await first.SendAsync(HttpMethod.Get, "/mail-u5");
            }

            _target.Start();
        }

        await using var second = await StartExample5Async(_htpasswd);
        var afterRestart = await second.SendAsync(HttpMethod.Get, "/mail-u5");
        await second.SendAsync(HttpMethod.Post, "/mail-u5", Basic("shauser", "s3cret"));
        var released = await second.SendAsync(HttpMethod.Get, "/mail-u5");

        Assert.Equal((503, "FAIL"), afterRestart);
        Assert.Equal((200, "OK"), released);
    }

    [Fact]
    public async Task ArmedOneshot_SurvivesServerRestart()
    {
        await using (var first = await StartExample5Async(_htpasswd))
        {
            _target.Stop();
            for (var i = 0; i < 10; i++)
            {
                await first.SendAsync(HttpMethod.Get, "/mail-u5");
            }

            _target.Start();
            Assert.Equal(200, (await first.SendAsync(HttpMethod.Post, "/mail-u5", Basic("shauser", "s3cret"))).Status);
        }

        await using var second = await StartExample5Async(_htpasswd);

        Assert.Equal((200, "OK"), await second.SendAsync(HttpMethod.Get, "/mail-u5"));
    }

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private Task<RunningServer> StartExample5Async(string htpasswd, AuthLimits? limits = null)
    {
        var store = new FileOperatorStateStore(Path.Combine(_dir, "state"));
        var mailCheck = new Toggle(
            toFail: new Hysteresis(new TcpCheck("127.0.0.1", _targetPort, TimeSpan.FromSeconds(2)), HealthState.Ok, okAfter: 1, failAfter: 10),
            toOk: new Oneshot(HealthState.Fail, new HtpasswdFile(htpasswd), new OperatorStateSlot(store, "mail-u5.to_ok")),
            initialState: HealthState.Ok,
            persistence: new OperatorStateSlot(store, "mail-u5"));
        return RunningServer.StartAsync(
            s => s.AddComponent("mail-u5", mailCheck, onPost: mailCheck.ToOk),
            new HealthCheckServerOptions { Listen = [new(IPAddress.Loopback, 0)], AuthLimits = limits ?? AuthLimits.Default });
    }
}
