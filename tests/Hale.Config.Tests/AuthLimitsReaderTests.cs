using Hale.Auth;
using Hale.Combinators;
using Hale.Testing;

namespace Hale.Config.Tests;

public sealed class AuthLimitsReaderTests
{
    [Fact]
    public void Parse_NoAuthLimits_Defaults()
    {
        var config = TestConfig.Parse("checks:\n  a: { tcp: { host: h, port: 1 } }\n");

        Assert.Equal(AuthLimits.Default, config.AuthLimits);
        Assert.Equal((1024 * 1024, 14, 1_000_000, 16, 5, 50, TimeSpan.FromSeconds(10)), (config.AuthLimits.MaxFileBytes, config.AuthLimits.MaxBcryptCost, config.AuthLimits.MaxCryptRounds, config.AuthLimits.VerifyQueue, config.AuthLimits.FailuresPerClient, config.AuthLimits.FailuresTotal, config.AuthLimits.FailureWindow));
    }

    [Fact]
    public void Parse_EveryKey_Read()
    {
        var config = TestConfig.Parse("""
            auth_limits:
              max_file_bytes: 4096
              max_bcrypt_cost: 10
              max_crypt_rounds: 50000
              verify_threads: 2
              verify_queue: 4
              failures_per_client: 3
              failures_total: 30
              failure_window: 1m
            checks:
              a: { tcp: { host: h, port: 1 } }
            """);

        Assert.Equal(
            new AuthLimits { MaxFileBytes = 4096, MaxBcryptCost = 10, MaxCryptRounds = 50_000, VerifyThreads = 2, VerifyQueue = 4, FailuresPerClient = 3, FailuresTotal = 30, FailureWindow = TimeSpan.FromMinutes(1) },
            config.AuthLimits);
    }

    [Fact]
    public void Parse_OutOfRangeOrUnknownKey_ErrorsAtTheValue()
    {
        var errors = TestConfig.Errors("""
            auth_limits:
              max_bcrypt_cost: 32
              verify_threads: 0
              failure_window: 0s
              max_cost: 3
            """);

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Line == 2 && e.Message == "auth_limits.max_bcrypt_cost: 32 is out of range 4..31");
        Assert.Contains(errors, e => e.Line == 3 && e.Message == "auth_limits.verify_threads: 0 is out of range 1..64");
        Assert.Contains(errors, e => e.Line == 4 && e.Message.StartsWith("auth_limits.failure_window:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 5 && e.Message.Contains("max_cost", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_OneshotAuth_HtpasswdFileUnderAuthLimits()
    {
        var source = TestConfig.SourcePath();
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        var htpasswd = Path.Combine(Path.GetDirectoryName(source)!, "users");
        HtpasswdTool.Add(htpasswd, "op", "s3cret", "-B", "-C", "6");
        var config = TestConfig.Parse("""
            auth_limits: { max_bcrypt_cost: 5 }
            http: { auth: { htpasswd: users } }
            checks:
              fb: { oneshot: { auth: { htpasswd: users } } }
            """, source);

        var oneshot = Assert.IsType<Oneshot>(config.Components.Single().Check.Inner);
        var viaOneshot = oneshot.Auth!.Verify("op", "s3cret");
        var viaHttp = config.ControlAuth!.Verify("op", "s3cret");

        Assert.Equal(CredentialVerdict.Denied, viaOneshot.Verdict);
        Assert.Equal(CredentialVerdict.Denied, viaHttp.Verdict);
        Assert.Contains("bcrypt cost 6 is over the limit of 5", Assert.Single(viaOneshot.Warnings!), StringComparison.Ordinal);
    }
}
