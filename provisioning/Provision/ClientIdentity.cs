using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Edge.Provisioning.Provision;

/// <summary>The gateway's TLS client identity: a fresh key pair with a CSR, or an imported certificate and key.</summary>
internal static class ClientIdentity
{
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// A new ECDSA P-256 key and a PKCS#10 request for <c>CN={gateway}</c> with digitalSignature and the
    /// clientAuth extended key usage: what a broker's CA signs for an mTLS client. Both PEM.
    /// </summary>
    public static (byte[] KeyPem, byte[] CsrPem) Generate(string gateway)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + gateway), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthenticationOid)], critical: false));
        var csr = request.CreateSigningRequestPem();
        return (Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem() + "\n"), Encoding.ASCII.GetBytes(csr + "\n"));
    }

    /// <summary>
    /// Checks an imported certificate and key: both PEM, the key unencrypted and matching the certificate, the
    /// certificate valid now. Returns the problems (empty when fine), naming the option and the fix.
    /// </summary>
    public static List<string> ValidateImport(string certPath, string keyPath, DateTimeOffset now, out DateTimeOffset? notAfter)
    {
        notAfter = null;
        var problems = new List<string>();
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        catch (CryptographicException ex)
        {
            problems.Add(DescribeLoadFailure(certPath, keyPath, ex));
            return problems;
        }
        catch (ArgumentException)
        {
            problems.Add($"--import-key {keyPath} does not match the certificate in --import-cert {certPath}: give the key the certificate was issued for");
            return problems;
        }

        using (certificate)
        {
            notAfter = certificate.NotAfter.ToUniversalTime();
            if (!certificate.HasPrivateKey)
            {
                problems.Add($"--import-key {keyPath} holds no usable private key: export it as unencrypted PEM (PKCS#8 or EC/RSA)");
            }

            if (certificate.NotAfter.ToUniversalTime() <= now)
            {
                problems.Add($"--import-cert {certPath} expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}: have the CA issue a new one (or use --generate-key and send the CSR)");
            }
            else if (certificate.NotBefore.ToUniversalTime() > now)
            {
                problems.Add($"--import-cert {certPath} is not valid until {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm}Z: check the appliance clock (timedatectl) or the certificate");
            }
        }

        return problems;
    }

    /// <summary>Reads every certificate of a PEM bundle; an empty list when it holds none.</summary>
    public static X509Certificate2Collection LoadPemBundle(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection;
    }

    private static string DescribeLoadFailure(string certPath, string keyPath, CryptographicException ex)
    {
        var keyText = File.Exists(keyPath) ? File.ReadAllText(keyPath) : string.Empty;
        if (keyText.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            return $"--import-key {keyPath} is encrypted: the gateway starts unattended, so store it unencrypted (openssl pkey -in KEY -out KEY.plain) with mode 0600";
        }

        if (!keyText.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            return $"--import-key {keyPath} is not a PEM private key (no 'PRIVATE KEY' block): give the key as PEM";
        }

        var certText = File.Exists(certPath) ? File.ReadAllText(certPath) : string.Empty;
        if (!certText.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal))
        {
            return $"--import-cert {certPath} is not a PEM certificate (no 'BEGIN CERTIFICATE' block): convert it (openssl x509 -inform der -in CERT -out CERT.pem)";
        }

        return $"--import-cert {certPath} and --import-key {keyPath} cannot be loaded together ({ex.Message}): check that the key belongs to the certificate";
    }
}
