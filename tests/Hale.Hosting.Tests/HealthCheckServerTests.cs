using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Hale.Checks;
using Hale.Combinators;
using Hale.Probes;
using Hale.Testing;

namespace Hale.Hosting.Tests;

public class HealthCheckServerTests
{
    [Fact]
    public async Task Get_TcpTargetUpThenDown_200OkThen503Fail()
    {
        var target = new TcpListener(IPAddress.Loopback, 0);
        target.Start();
        var port = ((IPEndPoint)target.LocalEndpoint).Port;
        await using var running = await RunningServer.StartAsync(s => s.AddComponent("mail", new TcpCheck("127.0.0.1", port, TimeSpan.FromSeconds(5))));

        var up = await running.SendAsync(HttpMethod.Get, "/mail");
        target.Stop();
        var down = await running.SendAsync(HttpMethod.Get, "/mail");

        Assert.Equal((200, "OK"), up);
        Assert.Equal((503, "FAIL"), down);
    }

    [Fact]
    public async Task Get_CheckThrows_500Error()
    {
        await using var running = await RunningServer.StartAsync(s => s.AddComponent("wrong", new ScriptedCheck { Throws = new InvalidOperationException("bug") }));

        Assert.Equal((500, "ERROR"), await running.SendAsync(HttpMethod.Get, "/wrong"));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task AnyMethod_UnknownComponent_404Error(string method)
    {
        await using var running = await RunningServer.StartAsync(s => s.AddComponent("a", new ScriptedCheck()));

        Assert.Equal((404, "ERROR"), await running.SendAsync(new HttpMethod(method), "/unknown"));
    }

    [Fact]
    public async Task Get_LeadingSlashesAndQuery_Ignored_NamesMayContainSlash()
    {
        await using var running = await RunningServer.StartAsync(s => s.AddComponent("db/primary", new ScriptedCheck(CheckStatus.Fail)));

        Assert.Equal((503, "FAIL"), await running.SendAsync(HttpMethod.Get, $"http://127.0.0.1:{running.Server.BoundEndPoints[0].Port}///db/primary?x=1"));
    }

    [Fact]
    public async Task Head_SameStatusNoBody()
    {
        await using var running = await RunningServer.StartAsync(s => s.AddComponent("down", new ScriptedCheck(CheckStatus.Fail)));
        using var request = new HttpRequestMessage(HttpMethod.Head, "/down");

        using var response = await running.Client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(body);
        Assert.Equal(4, response.Content.Headers.ContentLength);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Post_ComponentWithoutOnPost_405WithAllow()
    {
        await using var running = await RunningServer.StartAsync(s => s.AddComponent("a", new ScriptedCheck()));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/a");

        using var response = await running.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData(CheckStatus.Ok, 200, "OK")]
    [InlineData(CheckStatus.Fail, 503, "FAIL")]
    public async Task Post_OnPostCheck_AnswersItsResult(CheckStatus status, int code, string body)
    {
        var onPost = new ScriptedCheck(status);
        await using var running = await RunningServer.StartAsync(s => s.AddComponent("a", new ScriptedCheck(), onPost));

        Assert.Equal((code, body), await running.SendAsync(HttpMethod.Post, "/a"));
        Assert.Equal(1, onPost.Calls);
    }

    [Fact]
    public async Task Post_OnPostThrows_500Error()
    {
        await using var running = await RunningServer.StartAsync(s => s.AddComponent("a", new ScriptedCheck(), new ScriptedCheck { Throws = new InvalidOperationException("x") }));

        Assert.Equal((500, "ERROR"), await running.SendAsync(HttpMethod.Post, "/a"));
    }

    [Fact]
    public async Task Post_OneshotWithoutAuth_ArmedOnceThenDefault()
    {
        var oneshot = new Oneshot(HealthState.Ok);
        await using var running = await RunningServer.StartAsync(s => s.AddComponent("oneshot", oneshot, oneshot));

        var before = await running.SendAsync(HttpMethod.Get, "/oneshot");
        var post = await running.SendAsync(HttpMethod.Post, "/oneshot");
        var armed = await running.SendAsync(HttpMethod.Get, "/oneshot");
        var after = await running.SendAsync(HttpMethod.Get, "/oneshot");

        Assert.Equal((200, "OK"), before);
        Assert.Equal((200, "Armed"), post);
        Assert.Equal((503, "FAIL"), armed);
        Assert.Equal((200, "OK"), after);
    }

    [Fact]
    public async Task Get_50ConcurrentRequests_TargetSeesOneProbe()
    {
        await using var target = new TinyHttpServer { Delay = TimeSpan.FromMilliseconds(500) };
        using var probe = new HttpCheck(new HttpCheckOptions { Url = target.Url() });
        await using var running = await RunningServer.StartAsync(s => s.AddComponent("web", probe));
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 100 };
        using var client = new HttpClient(handler) { BaseAddress = running.Client.BaseAddress };

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.GetStringAsync("/web")));

        Assert.All(responses, r => Assert.Equal("OK", r));
        Assert.Equal(1, target.Requests);
    }

    [Fact]
    public async Task Get_SlowComponent_DoesNotDelayAnother()
    {
        var slow = new GatedCheck();
        await using var running = await RunningServer.StartAsync(s =>
        {
            s.AddComponent("slow", slow);
            s.AddComponent("fast", new ScriptedCheck());
        });

        var pending = running.Client.GetAsync("/slow");
        var fast = await running.SendAsync(HttpMethod.Get, "/fast");
        var slowStillPending = !pending.IsCompleted;
        slow.Open(CheckResult.Ok());
        using var slowResponse = await pending;

        Assert.Equal((200, "OK"), fast);
        Assert.True(slowStillPending);
        Assert.Equal(HttpStatusCode.OK, slowResponse.StatusCode);
    }

    [Fact]
    public async Task Get_KeepAlive_ManyRequestsOnOneConnection()
    {
        await using var running = await RunningServer.StartAsync(s => s.AddComponent("a", new ScriptedCheck()));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, running.Server.BoundEndPoints[0].Port);
        using var stream = new NetworkStream(socket);
        var request = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray();
        var buffer = new byte[4096];

        var answers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await stream.WriteAsync(request);
            var read = await stream.ReadAsync(buffer);
            answers.Add(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.All(answers, a => Assert.StartsWith("HTTP/1.1 200 OK", a, StringComparison.Ordinal));
        Assert.All(answers, a => Assert.DoesNotContain("Connection: close", a, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Status_ListsEveryCheckWithStateAndTransition()
    {
        var flaky = new ScriptedCheck();
        await using var running = await RunningServer.StartAsync(s =>
        {
            s.AddComponent("flaky", flaky);
            s.AddComponent("never-asked", new ScriptedCheck());
        });
        await running.SendAsync(HttpMethod.Get, "/flaky");
        flaky.Healthy = false;
        await running.SendAsync(HttpMethod.Get, "/flaky");

        var (code, body) = await running.SendAsync(HttpMethod.Get, "/-/status");
        using var doc = JsonDocument.Parse(body);
        var checks = doc.RootElement.GetProperty("checks").EnumerateArray().ToArray();

        Assert.Equal(200, code);
        Assert.Equal("flaky", checks[0].GetProperty("name").GetString());
        Assert.Equal("fail", checks[0].GetProperty("status").GetString());
        Assert.Equal("ok", checks[0].GetProperty("last_transition").GetProperty("from").GetString());
        Assert.Equal(JsonValueKind.Null, checks[0].GetProperty("detail").ValueKind); // Details only with credentials (StatusSecretsTests).
        Assert.Equal("unknown", checks[1].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/foo")]
    [InlineData("-/status")]
    [InlineData("")]
    public void AddComponent_ReservedOrEmptyName_Throws(string name)
    {
        var server = new HealthCheckServer(0);

        Assert.ThrowsAny<ArgumentException>(() => server.AddComponent(name, new ScriptedCheck()));
    }

    [Fact]
    public void AddComponent_DuplicateName_Throws()
    {
        var server = new HealthCheckServer(0);
        server.AddComponent("a", new ScriptedCheck());

        Assert.Throws<ArgumentException>(() => server.AddComponent("a", new ScriptedCheck()));
    }

    [Fact]
    public async Task Start_BackgroundComponent_ProbesWithoutRequests()
    {
        var inner = new ScriptedCheck(CheckStatus.Fail);
        await using var running = await RunningServer.StartAsync(s => s.AddComponent("bg", new Background(inner, TimeSpan.FromHours(1))));

        for (var i = 0; i < 100 && inner.Calls == 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, inner.Calls);
        Assert.Equal((503, "FAIL"), await running.SendAsync(HttpMethod.Get, "/bg"));
        Assert.Equal(1, inner.Calls);
    }
}
