using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using Edge.Core;
using Edge.Provisioning.Config;
using Edge.Sync.Dialects;
using Edge.Sync.Uplink;
using MQTTnet;
using MQTTnet.Exceptions;

namespace Edge.Provisioning.Check;

/// <summary>
/// Connects to the configured broker exactly as the uplink would (same TLS settings, same dialect credentials),
/// then disconnects. Tells apart: unreachable (DNS, refused, timeout), TLS rejected (untrusted or mismatched
/// certificate, client certificate refused), and MQTT refused (NotAuthorized, bad user name or password).
/// </summary>
internal static class BrokerProbe
{
    public static async Task<CheckResult> RunAsync(GatewayConfig config, TimeProvider time, TimeSpan timeout, CancellationToken ct)
    {
        const string Name = "broker";
        var uplink = config.Uplink;
        var target = $"{uplink.Host}:{uplink.Port}" + (uplink.UseTls ? " (TLS)" : " (plain)");
        MqttClientOptions options;
        try
        {
            options = BuildOptions(config, time, timeout);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or FormatException or InvalidOperationException)
        {
            return CheckResult.Fail(Name, $"cannot prepare the connection to {target}: {ex.Message}", "fix the credential or certificate file named (see the secrets and certificate checks)");
        }

        using var client = new MqttClientFactory().CreateMqttClient();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            var result = await client.ConnectAsync(options, timer.Token);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                return Refused(target, result.ResultCode.ToString());
            }

            await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
            return CheckResult.Pass(Name, $"connected to {target} as {options.ClientId}, MQTT {(options.ProtocolVersion == MQTTnet.Formatter.MqttProtocolVersion.V500 ? "5" : "3.1.1")}, authenticated");
        }
        catch (Exception ex) when (RefusalCode(ex) is { } code)
        {
            // MQTTnet throws (instead of returning the code) for some refusals; its message names the reason code.
            return Refused(target, code);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return CheckResult.Fail(Name, $"unreachable: no answer from {target} within {timeout.TotalSeconds:0} s", "check the host and port, the network route and any firewall (outbound TCP to the broker port)");
        }
        catch (Exception ex) when (Find<AuthenticationException>(ex) is { } tls)
        {
            return CheckResult.Fail(Name, $"certificate rejected during the TLS handshake with {target}: {tls.Message}", uplink.CaFile is null
                ? "set Edge:Uplink:CaFile to the CA that signed the broker's certificate (edgectl provision --ca), and check Edge:Uplink:TlsServerName matches the certificate"
                : "check that Edge:Uplink:CaFile signed the broker's certificate, that the broker's name matches Edge:Uplink:TlsServerName (or Host), and that any client certificate is accepted");
        }
        catch (Exception ex) when (Find<SocketException>(ex) is { } socket)
        {
            return CheckResult.Fail(Name, $"unreachable: {target}: {socket.SocketErrorCode} ({socket.Message})", socket.SocketErrorCode == SocketError.ConnectionRefused
                ? "nothing listens on that port: check Edge:Uplink:Port and that the broker runs"
                : "check the host name (DNS), the network route and any firewall");
        }
        catch (Exception ex) when (ex is MqttCommunicationException or IOException)
        {
            var refused = ex.Message.Contains("refused", StringComparison.OrdinalIgnoreCase);
            return CheckResult.Fail(Name, $"unreachable: {target}: {ex.GetBaseException().Message}", refused
                ? "nothing listens on that port: check Edge:Uplink:Port and that the broker runs"
                : "check the host, port and network; a TLS port spoken to without TLS (or the reverse) also ends like this: check Edge:Uplink:UseTls");
        }
    }

    private static CheckResult Refused(string target, string code)
    {
        var fix = code switch
        {
            "NotAuthorized" or "BadUserNameOrPassword" => "the broker rejected the credentials: check Edge:Uplink:Username and the password file (for IoT Hub: the device id and key)",
            "ClientIdentifierNotValid" => "the broker rejected the client id: set Edge:Uplink:ClientId to one it accepts",
            "ServerUnavailable" or "ServerBusy" => "the broker is up but not accepting clients: retry later or ask its operator",
            _ => "see the broker's log for why it refused the connection",
        };
        return CheckResult.Fail("broker", $"the broker at {target} refused the connection: {code}", fix);
    }

    private static string? RefusalCode(Exception ex)
    {
        if (Find<AuthenticationException>(ex) is not null || Find<SocketException>(ex) is not null)
        {
            return null;
        }

        foreach (var code in Enum.GetNames<MqttClientConnectResultCode>())
        {
            if (code != nameof(MqttClientConnectResultCode.Success) && ex.Message.Contains(code, StringComparison.Ordinal))
            {
                return code;
            }
        }

        return null;
    }

    private static T? Find<T>(Exception ex)
        where T : Exception
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static MqttClientOptions BuildOptions(GatewayConfig config, TimeProvider time, TimeSpan timeout)
    {
        var uplink = config.Uplink;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(uplink.Host, uplink.Port)
            .WithCleanSession(true)
            .WithTimeout(timeout);
        if (uplink.Dialect == "iothub")
        {
            // IoT Hub allows one connection per device id: this briefly takes over the gateway's; it reconnects.
            new IotHubDialect(uplink.IotHub, time, () => KernelClock.Query() != ClockTrust.Untrusted).Configure(builder);
        }
        else
        {
            new GenericMqttDialect(uplink, config.Site).Configure(builder);
            // Never the gateway's own client id: the broker would drop the running uplink (session takeover).
            builder.WithClientId(config.Site.Gateway + "-edgectl-check");
        }

        UplinkTls.Apply(builder, uplink);
        return builder.Build();
    }
}
