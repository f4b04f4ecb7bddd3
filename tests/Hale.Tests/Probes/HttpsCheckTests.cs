using Hale.Checks;
using Hale.Probes;
using Hale.Testing;

namespace Hale.Tests.Probes;

public sealed class HttpsCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-tls-").FullName;
    private readonly TestCertificates _certificates = new("localhost");

    public void Dispose()
    {
        _certificates.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task CheckAsync_TrustedCaFile_Ok()
    {
        await using var server = new TinyHttpServer(_certificates.Server);
        using var check = new HttpCheck(new HttpCheckOptions
        {
            Url = new Uri($"https://localhost:{server.Port}/"),
            TrustedCaFile = _certificates.WriteAuthorityPem(Path.Combine(_dir, "ca.pem")),
        });

        var result = await check.CheckAsync();

        Assert.Equal(CheckStatus.Ok, result.Status);
    }

    [Fact]
    public async Task CheckAsync_UnknownCa_FailsTlsVerification()
    {
        await using var server = new TinyHttpServer(_certificates.Server);
        using var check = new HttpCheck(new HttpCheckOptions { Url = new Uri($"https://localhost:{server.Port}/") });

        var result = await check.CheckAsync();

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task CheckAsync_NameMismatch_FailsEvenWithTrustedCa()
    {
        await using var server = new TinyHttpServer(_certificates.Server);
        using var check = new HttpCheck(new HttpCheckOptions
        {
            Url = new Uri($"https://127.0.0.1:{server.Port}/"),
            TrustedCaFile = _certificates.WriteAuthorityPem(Path.Combine(_dir, "ca.pem")),
        });

        var result = await check.CheckAsync();

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal(0, server.Requests);
    }
}
