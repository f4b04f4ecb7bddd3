using System.Globalization;
using Hale.Config;
using Hale.Hosting;
using Hale.Services;
using Hale.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hale.Dashboard.Tests;

/// <summary>
/// The dashboard in a real browser (Debian's chromium, headless, driven by Playwright) against a real engine with real child
/// processes: it follows a service to FATAL and back live, and its buttons control services.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("hale-dashboard-").FullName;
    private HaleEngine? _engine;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private HaleEngine Engine => _engine!;

    private Uri BaseAddress => new($"http://127.0.0.1:{Engine.BoundEndPoints[0].Port}/");

    public async Task InitializeAsync()
    {
        HtpasswdTool.WriteAllFormats(Path.Combine(_folder, "users"));
        File.WriteAllText(Path.Combine(_folder, "ok"), "");
        var yaml = $$"""
            http: { listen: 127.0.0.1:{{Loopback.FreePort()}}, auth: { htpasswd: {{_folder}}/users } }
            state_dir: {{_folder}}/state
            services:
              web: { run: [sleep, "300"], restart: { start_window: 100ms } }
              flappy:
                run: [sh, -c, "while [ -f {{_folder}}/ok ]; do sleep 0.05; done; exit 3"]
                restart: { start_window: 100ms, backoff: { initial: 50ms, max: 100ms }, limit: { starts: 2, within: 1m, then: hold } }
            checks:
              mailer:
                every: 100ms
                toggle:
                  initial: ok
                  to_fail: { command: "test ! -f {{_folder}}/down" }
                  to_ok: { oneshot: { auth: { htpasswd: {{_folder}}/users } } }
                on_post: to_ok
            actions:
              mail-vip: { when: [mailer], promote: "true", demote: "true" }
            """;
        var path = Path.Combine(_folder, "hale.yaml");
        File.WriteAllText(path, yaml);
        _engine = new HaleEngine(HaleConfigLoader.Load(path));
        await _engine.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Args = ["--no-sandbox", "--disable-gpu"],
            Headless = true,
        });
    }

    public async Task DisposeAsync()
    {
        // The browser first, whatever happened: it must not outlive the test.
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Dashboard_ServiceGoesFatalAndBack_ShownLive_ButtonsRestart()
    {
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            HttpCredentials = new HttpCredentials { Username = "apr1user", Password = "s3cret" },
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            // The first request of each button is answered 401 (the challenge the browser then answers): not an error.
            if (message.Type == "error" && !message.Text.Contains("401", StringComparison.Ordinal))
            {
                consoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };
        await WaitForAsync(() => Engine.Supervisor.GetStatus("flappy")?.State == ServiceState.Ready && Engine.Supervisor.GetStatus("web")?.State == ServiceState.Ready, "both services ready");
        await using var events = await SseClient.ConnectAsync(new Uri(BaseAddress, "/-/events"));
        await page.GotoAsync(BaseAddress.ToString());
        await page.WaitForSelectorAsync("#connection.ok", new() { Timeout = (float)Deadline.TotalMilliseconds });
        await page.WaitForSelectorAsync(Row("flappy", "ready"), new() { Timeout = (float)Deadline.TotalMilliseconds });
        var before = await page.TextContentAsync("#view");
        await page.ClickAsync("#signin");
        await page.WaitForSelectorAsync("#view:text-is('full view')", new() { Timeout = (float)Deadline.TotalMilliseconds });
        await page.WaitForSelectorAsync("#connection.ok", new() { Timeout = (float)Deadline.TotalMilliseconds });

        // flappy fails: it exits 3 and every restart fails at once, until it is held (FATAL).
        File.Delete(Path.Combine(_folder, "ok"));
        var fatal = await events.NextMatchingAsync(e => e.Field("name") == "flappy" && e.Field("to") == "fatal", Deadline);
        await page.WaitForSelectorAsync(Row("flappy", "fatal"), new() { Timeout = (float)Deadline.TotalMilliseconds });
        var fatalShownAt = TimeProvider.System.GetTimestamp();
        var fatalEventId = await page.GetAttributeAsync(Selector("flappy"), "data-event-id");
        var renderMs = await page.EvaluateAsync<double>("id => { const e = window.haleEvents.find(x => x.id === id); return e ? e.rendered - e.received : -1; }", long.Parse(fatal.Id!, CultureInfo.InvariantCulture));

        // Back: the operator fixes it and presses reset.
        File.WriteAllText(Path.Combine(_folder, "ok"), "");
        await page.ClickAsync($"{Selector("flappy")} button[data-verb=reset]");
        var back = await events.NextMatchingAsync(e => e.Field("name") == "flappy" && e.Field("to") is "running" or "ready", Deadline);
        await page.WaitForSelectorAsync($"{Selector("flappy")}:is([data-state=running], [data-state=ready])", new() { Timeout = (float)Deadline.TotalMilliseconds });
        var backShownAt = TimeProvider.System.GetTimestamp();
        var resetResult = await page.TextContentAsync("#result");

        // restart: web's pid changes, and the page shows the new one.
        var oldPid = Engine.Supervisor.GetStatus("web")!.Pid!.Value;
        await page.WaitForSelectorAsync($"{Selector("web")} td.pid:text-is('{oldPid}')", new() { Timeout = (float)Deadline.TotalMilliseconds });
        await page.ClickAsync($"{Selector("web")} button[data-verb=restart]");
        await WaitForAsync(() => Engine.Supervisor.GetStatus("web") is { State: ServiceState.Ready, Pid: { } pid } && pid != oldPid, "web restarted with a new pid");
        var newPid = Engine.Supervisor.GetStatus("web")!.Pid!.Value;
        await page.WaitForSelectorAsync($"{Selector("web")} td.pid:text-is('{newPid}')", new() { Timeout = (float)Deadline.TotalMilliseconds });
        var restartResult = await page.TextContentAsync("#result");

        var artifacts = Path.Combine(Environment.GetEnvironmentVariable("HALE_ARTIFACTS") ?? Path.Combine(AppContext.BaseDirectory, "artifacts"));
        Directory.CreateDirectory(artifacts);
        var screenshot = Path.Combine(artifacts, "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"FATAL: event {fatal.Id} read by the test's own stream; the page showed it {TimeProvider.System.GetElapsedTime(fatal.ReadAt, fatalShownAt).TotalMilliseconds:0.#} ms later (its handler rendered it {renderMs:0.##} ms after receiving it)");
        output.WriteLine($"back: event {back.Id} ({back.Field("to")}); the page showed it {TimeProvider.System.GetElapsedTime(back.ReadAt, backShownAt).TotalMilliseconds:0.#} ms later");
        output.WriteLine($"reset: {resetResult}; restart: {restartResult}; web pid {oldPid} -> {newPid}");
        output.WriteLine($"screenshot: {screenshot}");

        Assert.Equal("read-only view (no credentials)", before);
        Assert.Equal(fatal.Id, fatalEventId);
        Assert.True(renderMs >= 0, "the page did not log the FATAL event");
        Assert.StartsWith("reset flappy: 202", resetResult);
        Assert.StartsWith("restart web: 202", restartResult);
        Assert.NotEqual(oldPid, newPid);
        Assert.True(new FileInfo(screenshot).Length > 0);
        Assert.True(consoleErrors.Count == 0, string.Join("\n", consoleErrors));
    }

    [Fact]
    public async Task Dashboard_FailBackButton_ArmsTheOneshot_CheckAndActionShownBackLive()
    {
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            HttpCredentials = new HttpCredentials { Username = "apr1user", Password = "s3cret" },
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(BaseAddress.ToString());
        await page.WaitForSelectorAsync(CheckRow("mailer", "ok"), new() { Timeout = (float)Deadline.TotalMilliseconds });
        await page.WaitForSelectorAsync("tr[data-kind=action][data-name=\"mail-vip\"][data-state=promoted]", new() { Timeout = (float)Deadline.TotalMilliseconds });

        // The mail server goes down: the latch falls to FAIL and stays there after it is back, until an operator fails back.
        File.WriteAllText(Path.Combine(_folder, "down"), "");
        await page.WaitForSelectorAsync(CheckRow("mailer", "fail"), new() { Timeout = (float)Deadline.TotalMilliseconds });
        await page.WaitForSelectorAsync("tr[data-kind=action][data-name=\"mail-vip\"][data-state=demoted]", new() { Timeout = (float)Deadline.TotalMilliseconds });
        File.Delete(Path.Combine(_folder, "down"));
        await page.ClickAsync("tr[data-kind=check][data-name=\"mailer\"] button[data-verb=post]");
        await page.WaitForSelectorAsync(CheckRow("mailer", "ok"), new() { Timeout = (float)Deadline.TotalMilliseconds });
        await page.WaitForSelectorAsync("tr[data-kind=action][data-name=\"mail-vip\"][data-state=promoted]", new() { Timeout = (float)Deadline.TotalMilliseconds });
        var result = await page.TextContentAsync("#result");
        var artifacts = Path.Combine(Environment.GetEnvironmentVariable("HALE_ARTIFACTS") ?? Path.Combine(AppContext.BaseDirectory, "artifacts"));
        Directory.CreateDirectory(artifacts);
        var screenshot = Path.Combine(artifacts, "dashboard-failback.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"fail back: {result}; screenshot: {screenshot}");

        Assert.Equal("POST /mailer: 200 OK Armed", result);
    }

    [Fact]
    public async Task Dashboard_WrongCredentials_ReadOnlyView_ButtonAnswered401AndNothingDone()
    {
        // (Without any credentials headless chromium would wait on its login prompt forever; a person would see the prompt.)
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            HttpCredentials = new HttpCredentials { Username = "apr1user", Password = "wrong" },
        });
        var page = await context.NewPageAsync();
        await WaitForAsync(() => Engine.Supervisor.GetStatus("web")?.State == ServiceState.Ready, "web ready");
        var pid = Engine.Supervisor.GetStatus("web")!.Pid;

        await page.GotoAsync(BaseAddress.ToString());
        await page.WaitForSelectorAsync(Row("web", "ready"), new() { Timeout = (float)Deadline.TotalMilliseconds });
        var view = await page.TextContentAsync("#view");
        await page.ClickAsync($"{Selector("web")} button[data-verb=stop]");
        await page.WaitForSelectorAsync("#result[data-status]", new() { Timeout = (float)Deadline.TotalMilliseconds });
        var result = await page.TextContentAsync("#result");

        Assert.Contains("read-only", view);
        Assert.StartsWith("stop web: 401", result);
        Assert.Equal(pid, Engine.Supervisor.GetStatus("web")!.Pid);
    }

    private static string Selector(string service) => $"tr[data-kind=service][data-name=\"{service}\"]";

    private static string CheckRow(string check, string status) => $"tr[data-kind=check][data-name=\"{check}\"][data-state={status}]";

    private static string Row(string service, string state) => $"{Selector(service)}[data-state={state}]";

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Deadline, $"not within {Deadline.TotalSeconds} s: {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }
    }
}
