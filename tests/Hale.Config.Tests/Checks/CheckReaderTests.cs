using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hale.Checks;
using Hale.Combinators;
using Hale.Probes;
using Hale.State;

namespace Hale.Config.Tests.Checks;

public class CheckReaderTests
{
    [Fact]
    public void Read_TcpWithServiceName_ResolvesThroughEtcServices()
    {
        var config = TestConfig.Parse("checks:\n  mail: { tcp: { host: mx.example, port: smtp } }\n");

        Assert.Equal(25, Assert.IsType<TcpCheck>(config.Component("mail").Check.Inner).Port);
    }

    [Fact]
    public void Read_TcpDefaultsAndSource_AreApplied()
    {
        var config = TestConfig.Parse("checks:\n  a: { tcp: { host: h, port: 1, source: \"10.0.0.1:4000\" } }\n  b: { tcp: { host: h, port: 1, timeout: 0, source: \"[::1]\" } }\n");

        var a = Assert.IsType<TcpCheck>(config.Component("a").Check.Inner);
        Assert.Equal(TimeSpan.FromSeconds(10), a.Timeout);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 4000), a.Source);
        var b = Assert.IsType<TcpCheck>(config.Component("b").Check.Inner);
        Assert.Equal(TimeSpan.Zero, b.Timeout);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 0), b.Source);
    }

    [Fact]
    public void Read_HttpWithAllKeys_FillsTheOptions()
    {
        const string yaml = """
            checks:
              site:
                http:
                  url: https://example.org/health
                  expect: [200, "3xx"]
                  timeout: 2.5s
                  method: head
                  follow_redirects: false
            """;

        var config = TestConfig.Parse(yaml);

        var options = Assert.IsType<HttpCheck>(config.Component("site").Check.Inner).Options;
        Assert.Equal(new Uri("https://example.org/health"), options.Url);
        Assert.Equal("200, 3xx", options.Expect.Text);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.Timeout);
        Assert.Equal(HttpMethod.Head, options.Method);
        Assert.False(options.FollowRedirects);
        Assert.Null(options.TrustedCaFile);
    }

    [Fact]
    public void Read_HttpDefaults_AreAny2xxGetFollowTenSeconds()
    {
        var config = TestConfig.Parse("checks:\n  site: { http: { url: \"http://127.0.0.1:9/\" } }\n");

        var options = Assert.IsType<HttpCheck>(config.Component("site").Check.Inner).Options;
        Assert.Equal("2xx", options.Expect.Text);
        Assert.Equal(HttpMethod.Get, options.Method);
        Assert.True(options.FollowRedirects);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
    }

    [Fact]
    public void Read_CommandShortAndLongForms_BuildCommandChecks()
    {
        var config = TestConfig.Parse("checks:\n  a: { command: \"exit 0\" }\n  b: { command: { run: \"exit 1\", timeout: 500ms } }\n");

        var a = Assert.IsType<CommandCheck>(config.Component("a").Check.Inner);
        Assert.Equal(("exit 0", TimeSpan.FromSeconds(10)), (a.CommandLine, a.Timeout));
        var b = Assert.IsType<CommandCheck>(config.Component("b").Check.Inner);
        Assert.Equal(("exit 1", TimeSpan.FromMilliseconds(500)), (b.CommandLine, b.Timeout));
    }

    [Fact]
    public void Read_LogicKinds_BuildAllAnyNot()
    {
        var config = TestConfig.Parse("checks:\n  a: { tcp: { host: h, port: 1 } }\n  b: { any: [a, { not: a }] }\n");

        var any = Assert.IsType<AnyCheck>(config.Component("b").Check.Inner);
        Assert.Same(config.Component("a").Check, Assert.IsType<CheckReference>(any.InnerChecks[0]).Target);
        Assert.Same(config.Component("a").Check, Assert.IsType<CheckReference>(Assert.IsType<NotCheck>(any.InnerChecks[1]).Inner).Target);
    }

    [Fact]
    public void Read_BackgroundWithCombinedDuration_HasThatInterval()
    {
        var config = TestConfig.Parse("checks:\n  a: { background: { every: 1m30s, check: { tcp: { host: h, port: 1 } } } }\n");

        var background = Assert.IsType<Background>(config.Component("a").Check.Inner);
        Assert.Equal(TimeSpan.FromSeconds(90), background.Interval);
        Assert.Equal(0, background.RunCount);
    }

    [Fact]
    public void Read_NestedToggle_PersistsUnderTopLevelDotPath()
    {
        var source = TestConfig.SourcePath();
        var store = new FileOperatorStateStore(Path.Combine(Path.GetDirectoryName(source)!, "state"));
        store.Write("x.not", "fail");
        const string yaml = """
            checks:
              x:
                not:
                  toggle: { to_fail: { tcp: { host: h, port: 1 } }, to_ok: { oneshot: { default: ok } } }
            """;

        var config = TestConfig.Parse(yaml, source);

        var toggle = Assert.IsType<Toggle>(Assert.IsType<NotCheck>(config.Component("x").Check.Inner).Inner);
        Assert.Equal(HealthState.Fail, toggle.State);
        var oneshot = Assert.IsType<Oneshot>(toggle.ToOk);
        Assert.Equal(HealthState.Ok, oneshot.DefaultState);
        Assert.Null(oneshot.Auth);
        oneshot.Fire();
        Assert.Equal("armed", config.StateStore.Read("x.not.to_ok"));
    }

    [Fact]
    public void Read_RelativeHtpasswd_IsRelativeToTheFileFolder()
    {
        var source = TestConfig.SourcePath();

        var config = TestConfig.Parse("checks:\n  a: { oneshot: { auth: { htpasswd: users/htpasswd } } }\n", source);

        var oneshot = Assert.IsType<Oneshot>(config.Component("a").Check.Inner);
        var expected = Path.Combine(Path.GetDirectoryName(source)!, "users", "htpasswd");
        Assert.Equal(expected, Assert.IsType<Hale.Auth.HtpasswdFile>(oneshot.Auth).Path);
    }

    [Fact]
    public void Read_ThresholdForms_CountOrDuration()
    {
        var config = TestConfig.Parse("checks:\n  a: { hysteresis: { check: { tcp: { host: h, port: 1 } }, ok_after: 3, fail_after: 500ms } }\n");

        var hysteresis = Assert.IsType<Hysteresis>(config.Component("a").Check.Inner);
        Assert.Equal(Threshold.Count(3), hysteresis.OkAfter);
        Assert.Equal(Threshold.Duration(TimeSpan.FromMilliseconds(500)), hysteresis.FailAfter);
        Assert.Equal(HealthState.Ok, hysteresis.State.State);
    }

    [Fact]
    public void Read_RelativeCaFile_IsRelativeToTheFileFolder()
    {
        var source = TestConfig.SourcePath();
        var folder = Path.GetDirectoryName(source)!;
        Directory.CreateDirectory(Path.Combine(folder, "tls"));
        using (var key = ECDsa.Create())
        {
            var request = new CertificateRequest("CN=Hale Test CA", key, HashAlgorithmName.SHA256);
            var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var certificate = request.CreateSelfSigned(now, now.AddYears(10));
            File.WriteAllText(Path.Combine(folder, "tls", "ca.pem"), certificate.ExportCertificatePem());
        }

        var config = TestConfig.Parse("checks:\n  a: { http: { url: \"https://example.org/\", ca_file: tls/ca.pem } }\n", source);

        var options = Assert.IsType<HttpCheck>(config.Component("a").Check.Inner).Options;
        Assert.Equal(Path.Combine(folder, "tls", "ca.pem"), options.TrustedCaFile);
    }
}
