namespace Hale.Config.Tests.Values;

/// <summary>Durations over the maximum (168h) are rejected at load, naming the key and the maximum, wherever they are written.</summary>
public class DurationRangeTests
{
    public static TheoryData<string, string> TooLong => new()
    {
        { "check_every: 1194h\n", "check_every" },
        { "action_interval: 169h\n", "action_interval" },
        { "checks:\n  a: { tcp: { host: h, port: 1, timeout: 1200h } }\n", "timeout" },
        { "checks:\n  a: { background: { every: 168h0m1s, check: { tcp: { host: h, port: 1 } } } }\n", "every" },
        { "checks:\n  a: { hysteresis: { check: { tcp: { host: h, port: 1 } }, ok_after: 1, fail_after: 9999h } }\n", "fail_after" },
        { "checks:\n  a: { tcp: { host: h, port: 1 }, every: 200h }\n", "every" },
        { "services:\n  s: { run: x, restart: { backoff: { max: 2000h } } }\n", "max" },
        { "services:\n  s: { run: x, restart: { limit: { starts: 1, within: 1m, then: hold 1200h } } }\n", "then" },
        { "services:\n  s: { run: x, stop: { signal: TERM, timeout: 170h } }\n", "timeout" },
        { "services:\n  s: { run: x, check_interval: 1000000h }\n", "check_interval" },
    };

    [Theory]
    [MemberData(nameof(TooLong))]
    public void Parse_DurationOverTheMaximum_ErrorNamingTheKeyAndTheMaximum(string yaml, string key)
    {
        var error = TestConfig.Error(yaml);

        Assert.StartsWith($"{key}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("is longer than the maximum duration of 168h (7 days)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DurationAtTheMaximum_Loads()
    {
        var config = TestConfig.Parse("check_every: 168h\nservices:\n  s: { run: x, restart: { limit: { starts: 1, within: 1m, then: hold 168h } } }\n");

        Assert.Equal(TimeSpan.FromDays(7), config.CheckEvery);
    }
}
