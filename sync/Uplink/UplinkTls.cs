using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace Edge.Sync.Uplink;

/// <summary>
/// The TLS settings of an uplink connection, in one place for the uplink and for <c>edgectl check</c>, so the check
/// performs exactly the handshake the gateway will: TLS 1.2 or 1.3, the configured server name, the configured CA as
/// the only trust anchor when given, and the client certificate for mTLS.
/// </summary>
public static class UplinkTls
{
    /// <summary>Adds TLS to <paramref name="builder"/> when <see cref="UplinkOptions.UseTls"/> is set.</summary>
    public static MqttClientOptionsBuilder Apply(MqttClientOptionsBuilder builder, UplinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.UseTls)
        {
            return builder;
        }

        return builder.WithTlsOptions(tls =>
        {
            tls.UseTls()
                .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                .WithTargetHost(options.TlsServerName ?? options.Host);
            if (options.CaFile is { Length: > 0 } caFile)
            {
                tls.WithTrustChain(new X509Certificate2Collection(X509CertificateLoader.LoadCertificateFromFile(caFile)));
            }

            if (options.ClientCertFile is { Length: > 0 } certFile && options.ClientKeyFile is { Length: > 0 } keyFile)
            {
                tls.WithClientCertificates(new X509Certificate2Collection(X509Certificate2.CreateFromPemFile(certFile, keyFile)));
            }
        });
    }
}
