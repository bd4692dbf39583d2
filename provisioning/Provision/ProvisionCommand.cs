using System.CommandLine;
using Edge.Provisioning.Cli;

namespace Edge.Provisioning.Provision;

/// <summary>
/// <c>edgectl provision</c>: validates everything, then writes the gateway config atomically, secrets at 0600 in a
/// 0700 <c>secrets/</c> folder beside it. Refuses to overwrite any existing file without <c>--force</c>.
/// </summary>
internal static class ProvisionCommand
{
    public static Command Create(EdgectlEnvironment environment)
    {
        var command = new Command("provision", "Write the gateway configuration, its secrets, the residency policy and the nurse PIN.");
        var config = new Option<string>("--config") { Description = "The gateway config JSON to write.", Required = true };
        var dataDir = new Option<string>("--data-dir") { Description = "Edge:DataDirectory (outbox, logs).", DefaultValueFactory = _ => "/var/lib/edge" };
        var tenant = new Option<string>("--tenant") { Description = "Tenant id (a topic level: [a-z0-9][a-z0-9_-]{0,62}).", Required = true };
        var site = new Option<string>("--site") { Description = "Site id (a topic level).", Required = true };
        var gateway = new Option<string>("--gateway") { Description = "Gateway id (a topic level; the CSR's CN).", Required = true };
        var jurisdiction = new Option<string>("--jurisdiction") { Description = "Site jurisdiction, upper-case ISO 3166: DE, AU, US-CA.", Required = true };
        var region = new Option<string>("--region") { Description = "Where the destination processes data (residency rules match it), e.g. eu-de, au-east.", Required = true };
        var destinationId = new Option<string>("--destination-id") { Description = "The destination's id (audit log, status).", DefaultValueFactory = _ => "cloud" };
        var purpose = new Option<string>("--purpose") { Description = "What the destination uses the data for (residency rules match it).", DefaultValueFactory = _ => "care" };
        var format = new Option<string>("--format") { Description = "Payload format: edge-json or fhir-r4.", DefaultValueFactory = _ => "edge-json" };
        var broker = new Option<string>("--broker") { Description = "Generic MQTT broker: mqtts://HOST:PORT." };
        var username = new Option<string>("--username") { Description = "Broker user name." };
        var passwordFile = new Option<string>("--password-file") { Description = "File holding the broker password (copied to secrets/, 0600)." };
        var allowPlaintext = new Option<bool>("--allow-plaintext") { Description = "Accept an mqtt:// (unencrypted) broker: labs only." };
        var tlsServerName = new Option<string>("--tls-server-name") { Description = "Name to check the broker certificate against (default: the host)." };
        var iotHub = new Option<string>("--iothub") { Description = "Azure IoT Hub host name, e.g. contoso.azure-devices.net." };
        var deviceId = new Option<string>("--device-id") { Description = "IoT Hub device id (default: the gateway id)." };
        var deviceKeyFile = new Option<string>("--device-key-file") { Description = "File holding the IoT Hub device's base64 key (copied to secrets/, 0600)." };
        var ca = new Option<string>("--ca") { Description = "PEM CA certificate that signed the broker's certificate (the only one trusted)." };
        var generateKey = new Option<bool>("--generate-key") { Description = "Generate an ECDSA P-256 client key and a CSR (CN=<gateway>)." };
        var importCert = new Option<string>("--import-cert") { Description = "PEM client certificate to import (with --import-key)." };
        var importKey = new Option<string>("--import-key") { Description = "Unencrypted PEM private key of --import-cert." };
        var policy = new Option<string>("--policy") { Description = "Residency policy file (copied beside the config, 0640; checked with the gateway's loader).", Required = true };
        var pin = new Option<string>("--pin") { Description = "Nurse PIN, 6-12 digits (stored as a PBKDF2-SHA256 hash, 0600; never printed)." };
        var socketPath = new Option<string>("--socket-path") { Description = "Edge:Control:SocketPath.", DefaultValueFactory = _ => EdgectlEnvironment.DefaultSocketPath };
        var lanUrl = new Option<string>("--lan-url") { Description = "Edge:Control:LanUrl for the nurse page, e.g. http://0.0.0.0:8080 (default: off)." };
        var force = new Option<bool>("--force") { Description = "Overwrite existing files." };
        foreach (var option in new Option[] { config, dataDir, tenant, site, gateway, jurisdiction, region, destinationId, purpose, format, broker, username, passwordFile, allowPlaintext, tlsServerName, iotHub, deviceId, deviceKeyFile, ca, generateKey, importCert, importKey, policy, pin, socketPath, lanUrl, force })
        {
            command.Options.Add(option);
        }

        EdgectlApp.Verb(command, environment, (parse, context, ct) =>
        {
            var request = new ProvisionRequest
            {
                ConfigPath = parse.GetRequiredValue(config),
                DataDirectory = parse.GetRequiredValue(dataDir),
                Tenant = parse.GetValue(tenant),
                Site = parse.GetValue(site),
                Gateway = parse.GetValue(gateway),
                Jurisdiction = parse.GetValue(jurisdiction),
                Region = parse.GetValue(region),
                DestinationId = parse.GetRequiredValue(destinationId),
                Purpose = parse.GetRequiredValue(purpose),
                Format = parse.GetRequiredValue(format),
                Broker = parse.GetValue(broker),
                Username = parse.GetValue(username),
                PasswordFile = parse.GetValue(passwordFile),
                AllowPlaintext = parse.GetValue(allowPlaintext),
                TlsServerName = parse.GetValue(tlsServerName),
                IotHub = parse.GetValue(iotHub),
                DeviceId = parse.GetValue(deviceId),
                DeviceKeyFile = parse.GetValue(deviceKeyFile),
                CaFile = parse.GetValue(ca),
                GenerateKey = parse.GetValue(generateKey),
                ImportCert = parse.GetValue(importCert),
                ImportKey = parse.GetValue(importKey),
                PolicyFile = parse.GetValue(policy),
                Pin = parse.GetValue(pin),
                SocketPath = parse.GetRequiredValue(socketPath),
                LanUrl = parse.GetValue(lanUrl),
                Force = parse.GetValue(force),
            };
            return Provisioner.RunAsync(request, context, ct);
        });
        return command;
    }
}
