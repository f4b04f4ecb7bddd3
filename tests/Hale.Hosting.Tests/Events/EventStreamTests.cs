using System.Net;
using System.Net.Sockets;
using System.Text;
using Hale.Checks;
using Hale.Hosting.Events;
using Hale.Testing;

namespace Hale.Hosting.Tests.Events;

/// <summary><c>GET /-/events</c> over real sockets: order, resume with Last-Event-ID, lost events, slow clients, limits.</summary>
public sealed class EventStreamTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Events_RecordedWhileConnected_ArriveInOrderAsJson()
    {
        var journal = new TransitionJournal(100, TimeProvider.System);
        await using var running = await StartAsync(journal);
        await using var sse = await SseClient.ConnectAsync(new Uri(running.Client.BaseAddress!, "/-/events"));
        await WaitForSubscribersAsync(journal, 1);

        for (var i = 0; i < 50; i++)
        {
            journal.Record(TransitionKind.Service, $"s{i}", "running", "fatal", "exit 3");
        }

        var received = new List<SseEvent>();
        for (var i = 0; i < 50; i++)
        {
            received.Add(await sse.NextAsync(Deadline));
        }

        Assert.Equal(200, sse.Status);
        Assert.StartsWith("text/event-stream", sse.ContentType);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), received.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"s{i}"), received.Select(e => e.Field("name")));
        Assert.All(received, e => Assert.Equal(("service", "running", "fatal"), (e.Field("kind"), e.Field("from"), e.Field("to"))));
        Assert.All(received, e => Assert.Equal(e.Id, e.Json.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Events_CheckTransitionsOfComponents_AreRecorded_DetailOnlyInFullView()
    {
        var check = new ScriptedCheck(CheckStatus.Ok);
        await using var running = await RunningServer.StartAsync(s => s.AddComponent("db", check));
        await using var sse = await SseClient.ConnectAsync(new Uri(running.Client.BaseAddress!, "/-/events"));
        await WaitForSubscribersAsync(running.Server.Events, 1);

        await running.SendAsync(HttpMethod.Get, "/db");
        check.Status = CheckStatus.Fail;
        await running.SendAsync(HttpMethod.Get, "/db");
        var first = await sse.NextAsync(Deadline);
        var second = await sse.NextAsync(Deadline);

        Assert.Equal(("check", "db", null, "ok"), (first.Field("kind"), first.Field("name"), first.Field("from"), first.Field("to")));
        Assert.Equal(("check", "db", "ok", "fail"), (second.Field("kind"), second.Field("name"), second.Field("from"), second.Field("to")));
        Assert.Null(second.Field("detail"));
        Assert.NotNull(running.Server.Events.Snapshot()[1].Detail);
    }

    [Fact]
    public async Task Events_LastEventIdHeaderOrQuery_ResumesAfterIt()
    {
        var journal = new TransitionJournal(100, TimeProvider.System);
        await using var running = await StartAsync(journal);
        for (var i = 1; i <= 5; i++)
        {
            journal.Record(TransitionKind.Check, $"c{i}", "ok", "fail", null);
        }

        await using var byHeader = await SseClient.ConnectAsync(new Uri(running.Client.BaseAddress!, "/-/events"), new Dictionary<string, string> { ["Last-Event-ID"] = "2" });
        await using var byQuery = await SseClient.ConnectAsync(new Uri(running.Client.BaseAddress!, "/-/events?last_event_id=4"));
        var fromHeader = new[] { await byHeader.NextAsync(Deadline), await byHeader.NextAsync(Deadline), await byHeader.NextAsync(Deadline) };
        var fromQuery = await byQuery.NextAsync(Deadline);
        journal.Record(TransitionKind.Check, "c6", "fail", "ok", null);
        var liveHeader = await byHeader.NextAsync(Deadline);
        var liveQuery = await byQuery.NextAsync(Deadline);

        Assert.Equal(["3", "4", "5"], fromHeader.Select(e => e.Id));
        Assert.Equal("5", fromQuery.Id);
        Assert.Equal(("6", "6"), (liveHeader.Id, liveQuery.Id));
    }

    [Fact]
    public async Task Events_ResumeFromAnIdOutOfTheRing_StartsWithALostNoticeThenTheRing()
    {
        var journal = new TransitionJournal(4, TimeProvider.System);
        await using var running = await StartAsync(journal);
        for (var i = 1; i <= 10; i++)
        {
            journal.Record(TransitionKind.Group, "g", "standby", "active", null);
        }

        await using var sse = await SseClient.ConnectAsync(new Uri(running.Client.BaseAddress!, "/-/events"), new Dictionary<string, string> { ["Last-Event-ID"] = "2" });
        var lost = await sse.NextAsync(Deadline);
        var kept = new[] { await sse.NextAsync(Deadline), await sse.NextAsync(Deadline), await sse.NextAsync(Deadline), await sse.NextAsync(Deadline) };

        Assert.Equal(("lost", "6"), (lost.Field("kind"), lost.Id));
        Assert.Equal(("2", "6"), (lost.Field("from"), lost.Field("to")));
        Assert.Equal(["7", "8", "9", "10"], kept.Select(e => e.Id));
    }

    [Fact]
    public async Task Events_BadLastEventId_400_AndPost405()
    {
        await using var running = await StartAsync(new TransitionJournal(10, TimeProvider.System));

        var (bad, _) = await SendAsync(running, HttpMethod.Get, "/-/events", ("Last-Event-ID", "soon"));
        var (post, _) = await running.SendAsync(HttpMethod.Post, "/-/events");

        Assert.Equal((400, 405), (bad, post));
    }

    [Fact]
    public async Task Events_PastMaxClients_503_ThenServedWhenOneLeaves()
    {
        var journal = new TransitionJournal(10, TimeProvider.System);
        await using var running = await StartAsync(journal, new EventStreamOptions { MaxClients = 2 });
        var url = new Uri(running.Client.BaseAddress!, "/-/events");
        await using var one = await SseClient.ConnectAsync(url);
        var two = await SseClient.ConnectAsync(url);
        await WaitForSubscribersAsync(journal, 2);

        await using var three = await SseClient.ConnectAsync(url);
        await two.DisposeAsync();
        await WaitForSubscribersAsync(journal, 1);
        await using var four = await EventuallyConnectedAsync(url);

        Assert.Equal((200, 503, 200), (one.Status, three.Status, four.Status));
    }

    [Fact]
    public async Task Events_IdleStream_GetsKeepAliveComments()
    {
        var journal = new TransitionJournal(10, TimeProvider.System);
        await using var running = await StartAsync(journal, new EventStreamOptions { KeepAlive = TimeSpan.FromMilliseconds(50) });
        await using var sse = await SseClient.ConnectAsync(new Uri(running.Client.BaseAddress!, "/-/events"));

        var started = TimeProvider.System.GetTimestamp();
        while (sse.Comments < 4 && TimeProvider.System.GetElapsedTime(started) < Deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        // The opening comment, then keep-alives.
        Assert.True(sse.Comments >= 4, $"{sse.Comments} comment lines");
        Assert.False(sse.Ended);
    }

    [Fact]
    public async Task Events_SlowClientThatReadsNothing_IsDropped_FastClientGetsEveryEvent()
    {
        var journal = new TransitionJournal(TransitionJournal.DefaultCapacity, TimeProvider.System);
        await using var running = await StartAsync(journal, new EventStreamOptions { QueueCapacity = 16 });
        var port = running.Server.BoundEndPoints[0].Port;
        using var slow = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 1024 };
        await slow.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await slow.SendAsync(Encoding.ASCII.GetBytes("GET /-/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        await using var fast = await SseClient.ConnectAsync(new Uri(running.Client.BaseAddress!, "/-/events"));
        await WaitForSubscribersAsync(journal, 2);

        // Bursts smaller than the queue, each waited for by the fast client: only the slow one can fall behind.
        var detail = new string('x', 500);
        long recorded = 0;
        var started = TimeProvider.System.GetTimestamp();
        while (journal.SubscriberCount == 2)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Deadline, $"the slow client was not dropped after {recorded} events");
            for (var i = 0; i < 8; i++)
            {
                recorded = journal.Record(TransitionKind.Check, "c", "ok", "fail", detail).Id;
            }

            while (long.Parse((await fast.NextAsync(Deadline)).Id!, System.Globalization.CultureInfo.InvariantCulture) < recorded)
            {
            }
        }

        var after = journal.Record(TransitionKind.Check, "c", "fail", "ok", "after the drop").Id;
        var last = await fast.NextAsync(Deadline);
        var slowClosed = await ReadsToTheEndAsync(slow);

        Assert.Equal(after.ToString(System.Globalization.CultureInfo.InvariantCulture), last.Id);
        Assert.Equal(1, journal.SubscriberCount);
        Assert.True(slowClosed, "the slow client's connection was not closed");
    }

    [Fact]
    public async Task StopAsync_WithAnOpenStream_EndsTheStreamAndStops()
    {
        var journal = new TransitionJournal(10, TimeProvider.System);
        var running = await StartAsync(journal);
        await using var sse = await SseClient.ConnectAsync(new Uri(running.Client.BaseAddress!, "/-/events"));
        await WaitForSubscribersAsync(journal, 1);

        await running.Server.StopAsync();
        var started = TimeProvider.System.GetTimestamp();
        while (!sse.Ended && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }

        await running.DisposeAsync();

        Assert.True(sse.Ended, "the stream was still open after the server stopped");
        Assert.Equal(0, journal.SubscriberCount);
    }

    [Fact]
    public async Task Status_LoginQueryWithoutCredentials_401ChallengeWhenAuthConfigured_PublicViewOtherwise()
    {
        var dir = Directory.CreateTempSubdirectory("hale-login-").FullName;
        try
        {
            var htpasswd = HtpasswdTool.WriteAllFormats(Path.Combine(dir, "users"));
            await using var withAuth = await RunningServer.StartAsync(_ => { }, new HealthCheckServerOptions { Listen = [new(IPAddress.Loopback, 0)], ControlAuth = new Hale.Auth.HtpasswdFile(htpasswd) });
            await using var withoutAuth = await RunningServer.StartAsync(_ => { });

            using var challenged = await withAuth.Client.GetAsync(new Uri("/-/status?login", UriKind.Relative));
            var (plain, _) = await withAuth.SendAsync(HttpMethod.Get, "/-/status");
            var (noAuth, _) = await withoutAuth.SendAsync(HttpMethod.Get, "/-/status?login");

            Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
            Assert.Equal("Basic", challenged.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal((200, 200), (plain, noAuth));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<bool> ReadsToTheEndAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(Deadline, TimeProvider.System);
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true; // reset
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<SseClient> EventuallyConnectedAsync(Uri url)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var client = await SseClient.ConnectAsync(url);
            if (client.Status == 200 || TimeProvider.System.GetElapsedTime(started) > Deadline)
            {
                return client;
            }

            await client.DisposeAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }

    internal static async Task WaitForSubscribersAsync(TransitionJournal journal, int count)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (journal.SubscriberCount != count)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Deadline, $"{journal.SubscriberCount} subscribers, not {count}");
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }
    }

    private static async Task<(int Status, string Body)> SendAsync(RunningServer running, HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await running.Client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task<RunningServer> StartAsync(TransitionJournal journal, EventStreamOptions? options = null) =>
        RunningServer.StartAsync(_ => { }, new HealthCheckServerOptions
        {
            Listen = [new(IPAddress.Loopback, 0)],
            Events = journal,
            EventStreams = options ?? new EventStreamOptions(),
        });
}
