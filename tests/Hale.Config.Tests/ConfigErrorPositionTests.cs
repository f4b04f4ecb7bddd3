namespace Hale.Config.Tests;

/// <summary>Every kind of error is reported at the line and column (1-based) of the node it is about.</summary>
public class ConfigErrorPositionTests
{
    public static TheoryData<string, string, int, int, string> Cases => new()
    {
        { "unknown root key", "chekcs:\n  a: { tcp: { host: h, port: 1 } }\n", 1, 1, "unknown key 'chekcs' in the configuration" },
        { "unknown key in tcp", "checks:\n  a:\n    tcp: { host: h, port: 25, tmeout: 1s }\n", 3, 31, "unknown key 'tmeout' in tcp" },
        { "list where a mapping is expected", "checks:\n  a:\n    tcp: [h, 25]\n", 3, 10, "tcp: expected a mapping, found a list" },
        { "mapping where a string is expected", "checks:\n  a:\n    tcp: { host: { name: h }, port: 25 }\n", 3, 18, "host: expected a non-empty string, found a mapping" },
        { "list where a port is expected", "checks:\n  a:\n    tcp: { host: h, port: [25] }\n", 3, 27, "port: expected a port (1..65535) or a service name, found a list" },
        { "string where a count is expected", "checks:\n  a:\n    hysteresis: { check: { tcp: { host: h, port: 1 } }, ok_after: many, fail_after: 1 }\n", 3, 67, "ok_after: expected a count (an integer ≥ 1) or a duration" },
        { "count zero", "checks:\n  a:\n    hysteresis: { check: { tcp: { host: h, port: 1 } }, ok_after: 1, fail_after: 0 }\n", 3, 82, "fail_after: a count must be at least 1, not 0" },
        { "missing threshold", "checks:\n  a:\n    hysteresis: { check: { tcp: { host: h, port: 1 } }, ok_after: 1 }\n", 3, 17, "hysteresis needs 'fail_after'" },
        { "duration without unit", "checks:\n  a:\n    tcp: { host: h, port: 25, timeout: 10 }\n", 3, 40, "timeout: duration needs a unit (ms, s, m, h)" },
        { "bad duration", "checks:\n  a:\n    background:\n      every: 3 minutes\n      check: { tcp: { host: h, port: 1 } }\n", 4, 14, "every: bad duration '3 minutes'" },
        { "zero interval", "checks:\n  a:\n    background:\n      every: 0\n      check: { tcp: { host: h, port: 1 } }\n", 4, 14, "every: must be greater than zero" },
        { "port out of range", "checks:\n  a:\n    tcp: { host: h, port: 70000 }\n", 3, 27, "port: 70000 is out of range 1..65535" },
        { "port zero", "checks:\n  a:\n    tcp: { host: h, port: 0 }\n", 3, 27, "port: 0 is out of range 1..65535" },
        { "unknown service name", "checks:\n  a:\n    tcp: { host: h, port: no-such-service }\n", 3, 27, "port: 'no-such-service' is neither a port number nor a TCP service name" },
        { "bad source", "checks:\n  a:\n    tcp: { host: h, port: 1, source: example.org }\n", 3, 38, "source: 'example.org' is not an IPv4 address" },
        { "bad initial", "checks:\n  a:\n    toggle:\n      initial: maybe\n      to_fail: { tcp: { host: h, port: 1 } }\n      to_ok: { oneshot: {} }\n", 4, 16, "initial: expected ok or fail, found 'maybe'" },
        { "bad oneshot default", "checks:\n  a:\n    oneshot: { default: yes }\n", 3, 25, "default: expected ok or fail, found 'yes'" },
        { "unknown reference", "checks:\n  a:\n    not: b\n", 3, 10, "unknown check 'b'" },
        { "self reference", "checks:\n  a:\n    all: [{ tcp: { host: h, port: 1 } }, a]\n", 3, 42, "check 'a' refers to itself" },
        { "cycle", "checks:\n  a: { not: b }\n  b: { not: a }\n", 3, 13, "reference cycle: a -> b -> a" },
        { "duplicate key", "checks:\n  a: { tcp: { host: h, port: 1 } }\n  a: { tcp: { host: h, port: 2 } }\n", 3, 3, "duplicate key 'a' (first at line 2, column 3)" },
        { "duplicate key in a check", "checks:\n  a: { tcp: { host: h, port: 1, port: 2 } }\n", 2, 33, "duplicate key 'port'" },
        { "name starting with a slash", "checks:\n  /a: { tcp: { host: h, port: 1 } }\n", 2, 3, "the name '/a' must not start with '/'" },
        { "empty name", "checks:\n  \"\": { tcp: { host: h, port: 1 } }\n", 2, 3, "a check name must not be empty" },
        { "no kind", "checks:\n  a:\n    serve: false\n", 3, 5, "a check needs one of tcp, http, command" },
        { "two kinds", "checks:\n  a:\n    tcp: { host: h, port: 1 }\n    command: \"true\"\n", 4, 5, "a check has exactly one kind; 'tcp' (line 3) and 'command' are both given" },
        { "serve below the top level", "checks:\n  a:\n    not:\n      tcp: { host: h, port: 1 }\n      serve: false\n", 5, 7, "unknown key 'serve' in a check" },
        { "list where a check is expected", "checks:\n  a: [x]\n", 2, 6, "expected a check" },
        { "empty all", "checks:\n  a: { all: [] }\n", 2, 13, "all: needs at least one check" },
        { "bad serve", "checks:\n  a:\n    tcp: { host: h, port: 1 }\n    serve: maybe\n", 4, 12, "serve: expected true or false, found 'maybe'" },
        { "on_post to_ok without toggle", "checks:\n  a:\n    tcp: { host: h, port: 1 }\n    on_post: to_ok\n", 4, 14, "on_post: 'to_ok' names a part of a toggle, but 'a' is not a toggle" },
        { "on_post unknown name", "checks:\n  a:\n    tcp: { host: h, port: 1 }\n    on_post: nope\n", 4, 14, "unknown check 'nope'" },
        { "http url not http", "checks:\n  a:\n    http: { url: ftp://example.org/ }\n", 3, 18, "url: 'ftp://example.org/' is not an absolute http or https URL" },
        { "http expect out of range", "checks:\n  a:\n    http: { url: http://example.org/, expect: [200, 700] }\n", 3, 53, "expect: '700' is not an HTTP status code" },
        { "http method", "checks:\n  a:\n    http: { url: http://example.org/, method: POST }\n", 3, 47, "method: expected GET or HEAD, found 'POST'" },
        { "http missing ca file", "checks:\n  a:\n    http: { url: https://example.org/, ca_file: missing.pem }\n", 3, 49, "ca_file: " },
        { "command zero timeout", "checks:\n  a:\n    command: { run: \"true\", timeout: 0 }\n", 3, 38, "timeout: must be greater than zero" },
        { "htpasswd without value", "checks:\n  a:\n    oneshot: { auth: { htpasswd: } }\n", 3, 34, "auth: 'htpasswd' needs a value" },
        { "listen port out of range", "http:\n  listen: 127.0.0.1:70000\n", 2, 11, "listen: port 70000 is out of range 0..65535" },
        { "listen host name", "http:\n  listen: [127.0.0.1:1, example.org:80]\n", 2, 25, "listen: 'example.org' is not an IPv4 address" },
        { "listen ipv6 without brackets", "http:\n  listen: \"::1:8080\"\n", 2, 11, "write an IPv6 address in brackets" },
        { "state_dir list", "state_dir: [a]\n", 1, 12, "state_dir: expected a non-empty string, found a list" },
        { "root is a list", "- a\n", 1, 1, "the configuration: expected a mapping, found a list" },
        { "two documents", "checks: {}\n---\nchecks: {}\n", 3, 1, "only one YAML document is allowed" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_InvalidNode_ReportsItsLineAndColumn(string name, string yaml, int line, int column, string message)
    {
        var error = TestConfig.Error(yaml);

        Assert.True((line, column) == (error.Line, error.Column), $"{name}: expected {line}:{column}, got {error}");
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_YamlSyntaxError_ReportsFileLineColumn()
    {
        var source = TestConfig.SourcePath();

        var ex = Assert.Throws<ConfigException>(() => TestConfig.Parse("checks:\n  a: { tcp: [h, 1 }\n", source));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((source, 2, 19), (error.File, error.Line, error.Column));
        Assert.StartsWith($"{source}:2:19: YAML syntax error:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnquotedIpv6Listen_IsASyntaxError()
    {
        var error = TestConfig.Error("http:\n  listen: [::1]:8080\n");

        Assert.Equal((2, 17), (error.Line, error.Column));
        Assert.StartsWith("YAML syntax error:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyText_ReportsLineOne()
    {
        var error = TestConfig.Error("# nothing\n");

        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Contains("the file is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TwoDuplicateKeysAndABadValue_ReportsAllThree()
    {
        const string yaml = """
            checks:
              a: { tcp: { host: h, port: 1, port: 2 } }
              b: { tcp: { host: h, port: 0 } }
              a: { tcp: { host: h, port: 3 } }
            """;

        var errors = TestConfig.Errors(yaml);

        Assert.Equal([(2, 33), (3, 30), (4, 3)], errors.Select(e => (e.Line, e.Column)));
    }
}
