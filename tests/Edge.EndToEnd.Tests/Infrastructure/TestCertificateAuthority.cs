using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Edge.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A throwaway certificate authority for TLS tests: a self-signed CA and the server certificates it issues.
/// ECDSA P-256 keys: generated in microseconds, and accepted by both OpenSSL (mosquitto) and .NET's SslStream.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key;

    /// <param name="commonName">The CA's subject CN, visible in broker logs and TLS errors.</param>
    public TestCertificateAuthority(string commonName = "Edge Test CA")
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var (notBefore, notAfter) = Validity();
        Certificate = request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// Issues a TLS server certificate for <c>localhost</c> and <c>127.0.0.1</c> (and <c>::1</c>), and writes it and
    /// its unencrypted PKCS#8 key as PEM files.
    /// </summary>
    public void IssueServerCertificate(string certificatePemPath, string keyPemPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var (notBefore, notAfter) = Validity();

        // A leaf may not outlive its issuer; the CA was made a moment earlier, so clamp to its validity.
        var caNotAfter = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (notAfter > caNotAfter)
        {
            notAfter = caNotAfter;
        }

        using var certificate = request.Create(Certificate, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(certificatePemPath, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPemPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPemPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Writes the CA certificate (no key) as PEM: what a client is told to trust.</summary>
    public void WriteCertificatePem(string path) => File.WriteAllText(path, Certificate.ExportCertificatePem() + "\n");

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }

    // Back-dated a day so a test box whose clock lags a little still accepts the chain.
    private static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) Validity()
    {
        var now = TimeProvider.System.GetUtcNow();
        return (now.AddDays(-1), now.AddDays(30));
    }
}
