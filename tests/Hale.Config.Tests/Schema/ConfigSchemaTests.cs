using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Hale.Config.Checks;
using Hale.Config.Schema;
using Hale.Testing.Fuzz;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Tests.Schema;

public class ConfigSchemaTests
{
    private const string Regenerate = "dotnet run --project src/Hale.Cli -- schema > schema/hale.schema.json";

    /// <summary>A file that uses every key every reader accepts; it loads, so the schema must accept it too.</summary>
    private const string EveryKey = """
        http:
          listen: [127.0.0.1:18080, "[::1]:18080"]
          auth: { htpasswd: users }
          max_connections: 100
          max_request_header_bytes: 8192
          request_headers_timeout: 5s
          keep_alive_timeout: 1m
          metrics: false
        state_dir: ./state
        check_every: 2s
        action_interval: 10s
        reference_depth: 16
        yaml_limits: { max_depth: 32, max_nodes: 10000 }
        auth_limits:
          max_file_bytes: 65536
          max_bcrypt_cost: 12
          max_crypt_rounds: 5000
          verify_threads: 1
          verify_queue: 4
          failures_per_client: 3
          failures_total: 30
          failure_window: 30s
        service_log: { lines: 2000, max_size: 1048576, keep: 2 }
        node: host-a
        etcd: { endpoints: [http://10.0.0.1:2379], prefix: /hale/, lease_ttl: 4s, timeout: 500ms }
        haproxy:
          main: { socket: unix:///run/haproxy/admin.sock, timeout: 2s, drain_timeout: 0, resync_every: 500ms }
        checks:
          port: { tcp: { host: 127.0.0.1, port: 8080, timeout: 0, source: 127.0.0.1 } }
          web:
            http: { url: "https://127.0.0.1:8443/health", expect: [200, "3xx"], timeout: 2s, method: head, follow_redirects: false, ca_file: ca.pem }
            serve: false
            every: 5s
          disk: { command: "test -d /" }
          shell: { command: { run: "true", timeout: 1m30s } }
          steady: { hysteresis: { check: port, initial: FAIL, ok_after: 2, fail_after: 1.5s } }
          cached: { background: { every: 3s, check: { not: { all: [port, { any: [web, disk] }] } }, initial: ok } }
          latch:
            toggle: { initial: ok, to_fail: disk, to_ok: { oneshot: { default: fail, auth: { htpasswd: users } } } }
            on_post: to_ok
          fire: { oneshot: }
          app-ready: { service: app, haproxy: main:be_app/app1 }
        services:
          app:
            run: [sleep, "1000"]
            ready: port
            depends_on: [db, disk, { tcp: { host: 127.0.0.1, port: 5432 } }]
            restart:
              backoff: { initial: 0, max: 30s, jitter: 0.5 }
              reset_after: 1m
              start_window: 2s
              limit: { starts: 5, within: 1m, then: hold 5m }
            stop: { signal: SIGINT, timeout: 5s }
            order: -1
            autostart: false
            working_dir: .
            environment: { LANG: C, PORT: 8080, EMPTY: }
            check_interval: 1s
            haproxy: [main:be_app/app1, main:be_app/app2]
            stderr_log_level: warning
            log: { lines: 500, file: app.log, stderr_file: app.err, max_size: 5MB, keep: 3 }
          db:
            start: /etc/init.d/db start
            stop: /etc/init.d/db stop
            alive: { pid_file: /run/db.pid, pname: "^db$" }
            command_timeout: 1m
            user: nobody
            group: nogroup
          cron:
            start: /etc/init.d/cron start
            alive: { test: "pgrep cron" }
          leader:
            run: sleep 1000
            alive: port
        actions:
          flag:
            when: [app, { tcp: { host: 127.0.0.1, port: 1 } }]
            promote: touch up
            demote: [rm -f up, "true"]
            repeat: every_cycle
            timeout: 5s
        groups:
          ha:
            coordinator: local
            interval: 5s
            hosts: { host-a: { priority: 1 }, host-b: { priority: 2 } }
            user: ops
            test: ssh {user}@{host} true
            start: ssh {user}@{host} start
            stop: ssh {user}@{host} stop
            timeout: 10s
            haproxy: main:be_ha/ha
          db-group:
            coordinator: etcd
            priority: 1
            service: leader
            healthy: port
            preempt: { enabled: true, delay: 10s }
            promote: [echo promoted]
            demote: echo demoted
            timeout: 3s
            fence: "true"
            haproxy: main:be_db/db
          other-group:
            coordinator: etcd
            preempt: false
        """;

    /// <summary>The valid configurations of the tests (and the examples) that the fuzz corpus is mutated from.</summary>
    public static TheoryData<string> Seeds => [.. YamlFuzzSeeds.All.Select(s => s.Key)];

    public static TheoryData<string> Examples => new() { "examples/hale.yaml", "examples/failover.yaml", "bench/bench.yaml" };

    [Fact]
    public void Generate_PublishedFile_EqualsTheGeneratedSchema()
    {
        var published = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schema", "hale.schema.json"));

        Assert.True(
            published == ConfigSchema.Generate(),
            $"schema/hale.schema.json is not what the readers describe; regenerate it from the repository root: {Regenerate}");
    }

    [Fact]
    public void Generate_Always_IsDraft07WithTheRootKeys()
    {
        var schema = SchemaValidator.Document();

        Assert.Equal("http://json-schema.org/draft-07/schema#", schema.GetProperty("$schema").GetString());
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(ConfigurationReader.Spec.Names, schema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Validate_Example_IsValid(string example)
    {
        var yaml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, example));

        SchemaValidator.AssertValid(yaml, example);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Validate_ValidTestConfiguration_IsValid(string name)
    {
        var yaml = YamlFuzzSeeds.All.Single(s => s.Key == name).Value;

        SchemaValidator.AssertValid(yaml, name);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_FirstLine_NamesThePublishedSchemaRelatively(string example)
    {
        var first = File.ReadLines(Path.Combine(AppContext.BaseDirectory, example)).First();

        Assert.Equal("# yaml-language-server: $schema=../schema/hale.schema.json", first);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_WithTheSchemaComment_Loads(string example)
    {
        var source = TestConfig.SourcePath();
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(source)!, "healthcheck_users"), "operator:{SHA}x\n");

        var config = TestConfig.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, example)), source);

        Assert.NotEmpty(config.Components);
    }

    [Fact]
    public void Validate_FileWithEveryKey_LoadsAndIsValid()
    {
        var source = WriteEveryKeyFolder();

        TestConfig.Parse(EveryKey, source);

        SchemaValidator.AssertValid(EveryKey, "the file with every key");
    }

    [Fact]
    public void Schema_EveryKeyEveryReaderAccepts_IsListedAndExercised()
    {
        var schemaKeys = PropertySets(SchemaValidator.Document()).ToList();
        var fileKeys = MappingKeys(EveryKey);
        foreach (var (owner, spec) in Specs())
        {
            Assert.True(
                schemaKeys.Any(keys => spec.Names.All(keys.Contains)),
                $"{owner}: the schema has no mapping with the keys {string.Join(", ", spec.Names)}; regenerate it: {Regenerate}");
            var missing = spec.Names.Where(n => !fileKeys.Contains(n)).ToList();
            Assert.True(missing.Count == 0, $"{owner}: the file with every key does not use {string.Join(", ", missing)}; add them to it");
        }

        Assert.NotEmpty(Specs());
    }

    [Fact]
    public void Schema_EveryCheckKind_IsABranchOfCheckAndComponent()
    {
        var definitions = SchemaValidator.Document().GetProperty("definitions");
        foreach (var definition in new[] { ConfigSchema.CheckDefinition, ConfigSchema.ComponentDefinition })
        {
            var branches = definitions.GetProperty(definition).GetProperty("oneOf").EnumerateArray()
                .Where(b => b.TryGetProperty("required", out _))
                .Select(b => b.GetProperty("required")[0].GetString())
                .ToList();

            Assert.Equal(CheckReader.AllKinds.Select(k => k.Name), branches);
        }
    }

    [Theory]
    [InlineData("checks:\n  a: { tcp: { host: h, port: 1, timout: 1s } }\n", "/checks/a/tcp/timout")]
    [InlineData("checks:\n  a: { tcp: { host: h, port: 1 }, sevre: false }\n", "/checks/a/sevre")]
    [InlineData("chekcs:\n  a: { tcp: { host: h, port: 1 } }\n", "/chekcs")]
    [InlineData("checks:\n  a: { tpc: { host: h, port: 1 } }\n", "/checks/a/tpc")]
    [InlineData("checks:\n  a: { tcp: { host: h, port: 1 }, not: b }\n", "/checks/a/not")]
    [InlineData("checks:\n  a: { not: { tcp: { host: h, port: 1 }, serve: false } }\n", "/checks/a/not/serve")]
    [InlineData("services:\n  s: { run: x, restart: { limit: { starts: 1, within: 1m, then: wait } } }\n", "/services/s/restart/limit/then")]
    [InlineData("groups:\n  g: { coordinator: zookeeper }\n", "/groups/g/coordinator")]
    [InlineData("groups:\n  g: { coordinator: etcd, hosts: { a: { priority: 1 } } }\n", "/groups/g/hosts")]
    public void Validate_UnknownOrMisplacedKey_IsInvalidThere(string yaml, string location)
    {
        var errors = SchemaValidator.AssertInvalid(yaml);

        Assert.Contains(errors, e => e.StartsWith(location + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MissingRequiredKey_IsInvalid()
    {
        var errors = SchemaValidator.AssertInvalid("checks:\n  a: { tcp: { host: h } }\n");

        Assert.Contains(errors, e => e.StartsWith("/checks/a/tcp: required:", StringComparison.Ordinal) && e.Contains("port", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("checks:\n  a: { tcp: { host: h, port: [1] } }\n", "/checks/a/tcp/port")]
    [InlineData("checks:\n  a: { tcp: { host: h, port: 70000 } }\n", "/checks/a/tcp/port")]
    [InlineData("checks:\n  a: { tcp: { host: h, port: 1, timeout: 10 parsecs } }\n", "/checks/a/tcp/timeout")]
    [InlineData("checks:\n  a: { tcp: { host: h, port: 1, timeout: 10 } }\n", "/checks/a/tcp/timeout")]
    [InlineData("checks:\n  a: { tcp: { host: h, port: 1, timeout: 1m30 } }\n", "/checks/a/tcp/timeout")]
    [InlineData("checks:\n  a: { tcp: { host: h, port: 1 }, serve: \"yes\" }\n", "/checks/a/serve")]
    [InlineData("checks:\n  a: { hysteresis: { check: b, ok_after: 0, fail_after: 1 } }\n", "/checks/a/hysteresis/ok_after")]
    [InlineData("checks:\n  a: { hysteresis: { check: b, ok_after: 1, fail_after: 1, initial: maybe } }\n", "/checks/a/hysteresis/initial")]
    [InlineData("checks:\n  a: { all: [] }\n", "/checks/a/all")]
    [InlineData("checks:\n  a: { http: { url: ftp://x/ } }\n", "/checks/a/http/url")]
    [InlineData("checks:\n  a: { tcp: { host: h, port: 1 }, haproxy: main }\n", "/checks/a/haproxy")]
    [InlineData("services:\n  s: { run: x, stderr_log_level: debug }\n", "/services/s/stderr_log_level")]
    [InlineData("http: { listen: 127.0.0.1:1, max_connections: many }\n", "/http/max_connections")]
    [InlineData("services: [a, b]\n", "/services")]
    public void Validate_WrongType_IsInvalidThere(string yaml, string location)
    {
        var errors = SchemaValidator.AssertInvalid(yaml);

        Assert.Contains(errors, e => e.StartsWith(location + ":", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("checks:\n  a: { tcp: { host: h, port: smtp, timeout: 1h30m } }\n")]
    [InlineData("checks:\n  a: { tcp: { host: h, port: 1, timeout: 250ms } }\n")]
    [InlineData("checks:\n  a: b\n  b: { tcp: { host: h, port: 1 } }\n")]
    [InlineData("checks:\n  a: { hysteresis: { check: b, initial: Ok, ok_after: 3, fail_after: 2m } }\n")]
    [InlineData("checks:\n  a: { http: { url: \"http://x/\", expect: \"2xx, 301\" } }\n")]
    public void Validate_AcceptedValue_IsValid(string yaml)
    {
        SchemaValidator.AssertValid(yaml, yaml);
    }

    /// <summary>Every <see cref="MappingSpec"/> a reader declares (static fields and properties of Hale.Config's types).</summary>
    private static List<(string Owner, MappingSpec Spec)> Specs()
    {
        const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var specs = new List<(string, MappingSpec)>();
        foreach (var type in typeof(ConfigSchema).Assembly.GetTypes().Where(t => !t.IsGenericTypeDefinition))
        {
            specs.AddRange(type.GetFields(Static).Where(f => f.FieldType == typeof(MappingSpec))
                .Select(f => ($"{type.Name}.{f.Name}", (MappingSpec)f.GetValue(null)!)));
            specs.AddRange(type.GetProperties(Static).Where(p => p.PropertyType == typeof(MappingSpec) && p.GetIndexParameters().Length == 0)
                .Select(p => ($"{type.Name}.{p.Name}", (MappingSpec)p.GetValue(null)!)));
        }

        return specs;
    }

    /// <summary>The key sets of every <c>properties</c> object in the schema.</summary>
    private static IEnumerable<HashSet<string>> PropertySets(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().SelectMany(PropertySets);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var here = element.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? [properties.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)]
            : Array.Empty<HashSet<string>>();
        return here.Concat(element.EnumerateObject().SelectMany(p => PropertySets(p.Value)));
    }

    /// <summary>Every mapping key anywhere in <paramref name="yaml"/>.</summary>
    private static HashSet<string> MappingKeys(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<YamlNode>([stream.Documents[0].RootNode]);
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case YamlMappingNode mapping:
                    foreach (var (key, value) in mapping.Children)
                    {
                        keys.Add(((YamlScalarNode)key).Value ?? string.Empty);
                        pending.Push(value);
                    }

                    break;
                case YamlSequenceNode sequence:
                    sequence.Children.ToList().ForEach(pending.Push);
                    break;
            }
        }

        return keys;
    }

    /// <summary>A fresh folder with the files <see cref="EveryKey"/> names (users, ca.pem); the path of its hale.yaml.</summary>
    private static string WriteEveryKeyFolder()
    {
        var source = TestConfig.SourcePath();
        var folder = Path.GetDirectoryName(source)!;
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "users"), "operator:{SHA}x\n");
        using var key = ECDsa.Create();
        var request = new CertificateRequest("CN=Hale Test CA", key, HashAlgorithmName.SHA256);
        var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var certificate = request.CreateSelfSigned(now, now.AddYears(10));
        File.WriteAllText(Path.Combine(folder, "ca.pem"), certificate.ExportCertificatePem());
        return source;
    }
}
