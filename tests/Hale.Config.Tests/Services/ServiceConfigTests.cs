using Hale.Actions;
using Hale.Checks;
using Hale.Probes;
using Hale.Processes;
using Hale.Services;
using Microsoft.Extensions.Logging;

namespace Hale.Config.Tests.Services;

public class ServiceConfigTests
{
    [Fact]
    public void Parse_IssueExample_BuildsEveryServiceAndAction()
    {
        var config = TestConfig.Parse("""
            checks:
              ok: { command: "true" }
            services:
              db:
                run: postgres -D /srv/pg
                ready: { tcp: { host: 127.0.0.1, port: 5432, timeout: 1s } }
              web:
                run: python3 -m http.server 8081 --bind 127.0.0.1
                ready: { http: { url: http://127.0.0.1:8081/, expect: 200 } }
                depends_on: [db, { http: { url: http://127.0.0.1:9000/check.htm } }]
                restart: { backoff: { initial: 200ms, max: 30s }, reset_after: 60s, limit: { starts: 10, within: 150s, then: hold 5m } }
                stop: { signal: TERM, timeout: 10s }
                user: www-data
              legacy:
                start: /etc/init.d/legacy start
                stop: /etc/init.d/legacy stop
                alive: { pid_file: /run/legacy.pid, pname: "legacy-daemon" }
                order: 2
            actions:
              sentinel:
                when: [web, db]
                promote: touch /tmp/health.html
                demote: rm -f /tmp/health.html
                repeat: on_change
                timeout: 30s
            """);

        var web = config.Services.Single(s => s.Name == "web");
        var legacy = config.Services.Single(s => s.Name == "legacy");
        var sentinel = Assert.Single(config.Actions);

        Assert.Equal(["db", "web", "legacy"], config.Services.Select(s => s.Name));
        Assert.Equal("python3 -m http.server 8081 --bind 127.0.0.1", web.Run!.CommandLine);
        Assert.Equal("www-data", web.Run.User);
        Assert.IsType<HttpCheck>(web.Ready);
        Assert.Equal(["db", "http://127.0.0.1:9000/check.htm"], web.DependsOn.Select(d => d.Name));
        Assert.True(web.DependsOn[0].IsService);
        Assert.Equal(TimeSpan.FromMilliseconds(200), web.Restart.BackoffInitial);
        Assert.Equal(new StartLimit(10, TimeSpan.FromSeconds(150), TimeSpan.FromMinutes(5)), web.Restart.Limit);
        Assert.Equal(new StopPolicy(15, TimeSpan.FromSeconds(10)), web.Stop);
        Assert.False(legacy.IsOwned);
        Assert.Equal("/etc/init.d/legacy stop", legacy.StopCommand);
        Assert.IsType<PidFileProcessCheck>(legacy.Alive);
        Assert.Equal("/run/legacy.pid", legacy.PidFile);
        Assert.Null(web.PidFile);
        Assert.Equal(2, legacy.Order);
        Assert.Equal(["touch /tmp/health.html"], sentinel.Promote);
        Assert.Equal(ActionRepeat.OnChange, sentinel.Repeat);
        Assert.Equal(2, sentinel.When.Count);
    }

    [Fact]
    public void Parse_RunAsList_IsArgvAndAliveForms()
    {
        var config = TestConfig.Parse("""
            services:
              a: { run: [/usr/bin/python3, -m, http.server], environment: { PORT: "8081" }, working_dir: www }
              b: { start: b-start, alive: { test: "pgrep b" } }
              c: { start: c-start, alive: { tcp: { host: 127.0.0.1, port: 1 } } }
              d: { start: d-start, alive: { pname: "d-daemon" } }
            """);

        var a = config.Services[0];
        Assert.Equal(["/usr/bin/python3", "-m", "http.server"], a.Run!.Argv);
        Assert.Equal("8081", a.Run.Environment["PORT"]);
        Assert.EndsWith("/www", a.Run.WorkingDirectory);
        Assert.IsType<CommandCheck>(config.Services[1].Alive);
        Assert.Null(config.Services[1].PidFile);
        Assert.IsType<TcpCheck>(config.Services[2].Alive);
        Assert.IsType<ProcessNameCheck>(config.Services[3].Alive);
    }

    [Fact]
    public void Parse_HoldWithoutDuration_HoldsUntilReset()
    {
        var config = TestConfig.Parse("services:\n  a: { run: x, restart: { limit: { starts: 3, within: 1m, then: hold } } }\n");

        Assert.Null(config.Services[0].Restart.Limit.Hold);
    }

    [Fact]
    public async Task Parse_ServiceCheckKind_FailsWhileNotRunning()
    {
        var config = TestConfig.Parse("services:\n  a: { run: x }\nchecks:\n  a-ready: { service: a }\n");

        var result = await config.Components[0].Check.CheckAsync();

        Assert.Equal(CheckStatus.Fail, result.Status);
    }

    [Fact]
    public void Parse_StderrLogLevel_DefaultInfoOrAsConfigured()
    {
        var config = TestConfig.Parse("services:\n  a: { run: x }\n  b: { run: x, stderr_log_level: warning }\n  c: { run: x, stderr_log_level: error }\n  d: { run: x, stderr_log_level: info }\n");

        Assert.Equal(
            [LogLevel.Information, LogLevel.Warning, LogLevel.Error, LogLevel.Information],
            config.Services.Select(s => s.StderrLogLevel));
    }

    public static TheoryData<string, string, int, int, string> ErrorCases => new()
    {
        { "neither run nor start", "services:\n  a: { order: 1 }\n", 2, 6, "needs 'run'" },
        { "both run and start", "services:\n  a: { run: x, start: y, alive: { pname: y } }\n", 2, 6, "'run' and 'start' exclude each other" },
        { "start without alive", "services:\n  a: { start: y }\n", 2, 6, "needs 'alive'" },
        { "unknown key", "services:\n  a: { run: x, restrat: {} }\n", 2, 16, "unknown key 'restrat'" },
        { "dependency cycle", "services:\n  a: { run: x, depends_on: [b] }\n  b: { run: x, depends_on: [a] }\n", 3, 29, "dependency cycle: a -> b -> a" },
        { "self dependency", "services:\n  a: { run: x, depends_on: [a] }\n", 2, 29, "depends on itself" },
        { "unknown dependency", "services:\n  a: { run: x, depends_on: [nope] }\n", 2, 29, "no service or check named 'nope'" },
        { "bad signal", "services:\n  a: { run: x, stop: { signal: BOGUS } }\n", 2, 32, "signal:" },
        { "stop command for owned", "services:\n  a: { run: x, stop: /bin/stop }\n", 2, 22, "stop command is for daemons" },
        { "bad hold", "services:\n  a: { run: x, restart: { limit: { starts: 3, within: 1m, then: pause } } }\n", 2, 65, "then: expected 'hold DURATION'" },
        { "bad backoff", "services:\n  a: { run: x, restart: { backoff: { initial: soon } } }\n", 2, 47, "initial:" },
        { "bad pname", "services:\n  a: { start: y, alive: { pname: \"(\" } }\n", 2, 34, "pname: not a valid regular expression" },
        { "empty alive", "services:\n  a: { start: y, alive: {} }\n", 2, 25, "alive: needs pid_file, pname, or both" },
        { "service check unknown", "checks:\n  x: { service: nope }\n", 2, 17, "no service named 'nope'" },
        { "action unknown when", "actions:\n  s: { when: [nope], promote: x }\n", 2, 15, "no service or check named 'nope'" },
        { "action without commands", "actions:\n  s: { when: [] }\n", 2, 6, "needs 'promote', 'demote' or both" },
        { "action bad repeat", "actions:\n  s: { when: [], promote: x, repeat: always }\n", 2, 38, "repeat: expected on_change or every_cycle" },
        { "bad order", "services:\n  a: { run: x, order: first }\n", 2, 23, "order:" },
        { "bad stderr level", "services:\n  a: { run: x, stderr_log_level: loud }\n", 2, 34, "stderr_log_level: expected info, warning or error, found 'loud'" },
    };

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void Parse_InvalidService_ReportsLineAndColumn(string name, string yaml, int line, int column, string message)
    {
        var error = TestConfig.Errors(yaml)[0];

        Assert.True((line, column) == (error.Line, error.Column), $"{name}: expected {line}:{column}, got {error}");
        Assert.Contains(message, error.Message);
    }
}
