using System.Reflection;

namespace Hale.Testing.Fuzz;

/// <summary>
/// The valid configurations a fuzz corpus is mutated from: <c>examples/*.yaml</c> (embedded in this assembly) and the
/// valid files of Hale.Config's tests.
/// </summary>
public static class YamlFuzzSeeds
{
    /// <summary>Every seed file, by name.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All { get; } = [.. Examples(), .. TestConfigurations()];

    private static IEnumerable<KeyValuePair<string, string>> Examples()
    {
        var assembly = typeof(YamlFuzzSeeds).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("examples/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return new(name, reader.ReadToEnd());
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> TestConfigurations()
    {
        yield return new("ServiceConfigTests.IssueExample", """
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
        yield return new("HaproxyConfigTests.BalancersAndBindings", """
            haproxy:
              main: { socket: unix:///run/haproxy/admin.sock, timeout: 1s, drain_timeout: 10s, resync_every: 3s }
              edge: { socket: "tcp://[::1]:9902" }
            services:
              web:
                run: sleep 300
                haproxy: [ main:be_web/web1, edge:be_web/web/1 ]
            checks:
              db: { command: "true", haproxy: [ main:be_db/db1 ] }
              plain: { command: "true" }
            """);
        yield return new("HaleConfigLoaderTests.Checks", """
            http:
              listen: [127.0.0.1:8080, "[::1]:8080"]
            state_dir: ./state
            action_interval: 2s
            checks:
              a: { tcp: { host: 127.0.0.1, port: 25, timeout: 1s } }
              b: { hysteresis: { check: a, initial: fail, ok_after: 2, fail_after: 3 } }
              c:
                background:
                  every: 1m30s
                  check: { any: [a, { not: b }] }
              d:
                toggle:
                  initial: ok
                  to_fail: { hysteresis: { check: a, initial: ok, ok_after: 1, fail_after: 3 } }
                  to_ok: { oneshot: { default: fail } }
                on_post: to_ok
                serve: true
              e: { http: { url: "https://example.org/health", expect: [200, 2xx], method: HEAD, timeout: 500ms } }
              f: { all: [a, b, c, d] }
            """);
    }
}
