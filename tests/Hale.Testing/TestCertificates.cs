using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hale.Testing;

/// <summary>A throw-away certificate authority and a server certificate it signed, for HTTPS tests on loopback.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly RSA _caKey = RSA.Create(2048);
    private readonly RSA _serverKey = RSA.Create(2048);

    /// <summary>Creates a CA and a server certificate for DNS name <paramref name="dnsName"/> only.</summary>
    /// <param name="dnsName">The only subject alternative name of the server certificate.</param>
    public TestCertificates(string dnsName = "localhost")
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var caRequest = new CertificateRequest("CN=Hale Test CA", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Authority = caRequest.CreateSelfSigned(now, now.AddDays(1));

        var serverRequest = new CertificateRequest($"CN={dnsName}", _serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = serverRequest.Create(Authority, now, now.AddDays(1), [1, 2, 3, 4]);
        Server = signed.CopyWithPrivateKey(_serverKey);
    }

    /// <summary>The CA certificate.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server certificate, with its private key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Writes the CA certificate as PEM to <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns><paramref name="path"/>.</returns>
    public string WriteAuthorityPem(string path)
    {
        File.WriteAllText(path, Authority.ExportCertificatePem());
        return path;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Server.Dispose();
        Authority.Dispose();
        _serverKey.Dispose();
        _caKey.Dispose();
    }
}
