namespace Hale.Config.Tests;

/// <summary>Cycles through services: <c>hale check</c> finds them however they are closed, with the position and the path.</summary>
public class DependencyGraphTests
{
    public static TheoryData<string, string, int, int, string> Cycles => new()
    {
        {
            "depends_on a service: check",
            "services:\n  s: { run: x, depends_on: [c] }\nchecks:\n  c: { service: s }\n",
            4, 17, "dependency cycle: service s -> check c -> service s"
        },
        {
            "ready through a check",
            "services:\n  s: { run: x, ready: c }\nchecks:\n  c: { service: s }\n",
            4, 17, "dependency cycle: service s -> check c -> service s"
        },
        {
            "ready is its own service check",
            "services:\n  s: { run: x, ready: { service: s } }\n",
            2, 34, "dependency cycle: service s -> service s"
        },
        {
            "alive through a chain of checks",
            "services:\n  s: { start: x, alive: c }\nchecks:\n  c: { not: d }\n  d: { all: [{ service: s }] }\n",
            5, 25, "dependency cycle: service s -> check c -> check d -> service s"
        },
        {
            "two services through an inline check",
            "services:\n  a: { run: x, depends_on: [b] }\n  b: { run: x, depends_on: [{ not: { service: a } }] }\n",
            3, 47, "dependency cycle: service a -> service b -> service a"
        },
    };

    [Theory]
    [MemberData(nameof(Cycles))]
    public void Parse_CycleThroughAService_ReportedAtTheClosingReferenceWithThePath(string name, string yaml, int line, int column, string message)
    {
        var error = TestConfig.Error(yaml);

        Assert.True((line, column, message) == (error.Line, error.Column, error.Message), $"{name}: expected {line}:{column}: {message}, got {error}");
    }

    [Fact]
    public void Parse_ServiceCheckOfAnotherServiceWithoutCycle_Loads()
    {
        const string yaml = "services:\n  db: { run: x }\n  web: { run: x, depends_on: [db_up], ready: { service: db } }\nchecks:\n  db_up: { service: db }\n";

        var config = TestConfig.Parse(yaml);

        Assert.Equal(2, config.Services.Count);
    }

    [Fact]
    public void Parse_TenThousandServicesDependingOnTheNext_LoadsWithoutOverflow()
    {
        var yaml = new System.Text.StringBuilder("services:\n");
        for (var i = 0; i < 10_000; i++)
        {
            yaml.Append($"  s{i}: {{ run: x{(i + 1 < 10_000 ? $", depends_on: [s{i + 1}]" : string.Empty)} }}\n");
        }

        var config = TestConfig.Parse(yaml.ToString());

        Assert.Equal(10_000, config.Services.Count);
    }

    [Fact]
    public void Parse_TenThousandServicesInACycle_OneErrorWithoutOverflow()
    {
        var yaml = new System.Text.StringBuilder("services:\n");
        for (var i = 0; i < 10_000; i++)
        {
            yaml.Append($"  s{i}: {{ run: x, depends_on: [s{(i + 1) % 10_000}] }}\n");
        }

        var error = TestConfig.Error(yaml.ToString());

        Assert.Equal("depends_on: dependency cycle: s0 -> s1 -> s2 -> s3 -> s4 -> ... (9991 more) ... -> s9996 -> s9997 -> s9998 -> s9999 -> s0", error.Message);
        Assert.Equal(10_001, error.Line);
    }
}
