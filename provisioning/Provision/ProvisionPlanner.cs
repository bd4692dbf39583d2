using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Edge.Provisioning.Cli;
using Edge.Provisioning.Config;
using Edge.Sync.Wire;

namespace Edge.Provisioning.Provision;

/// <summary>
/// Turns a <see cref="ProvisionRequest"/> into the exact files to write, checking everything first: option values
/// (the gateway's own rules), input files (CA, certificate and key, password, device key, policy), and the result
/// config bound through <see cref="GatewayConfig"/>. Nothing is written here.
/// </summary>
internal static class ProvisionPlanner
{
    public const string SecretsFolder = "secrets";

    /// <summary>The plan, or the problems (each naming the option and the fix) with the exit code they call for.</summary>
    public static (IReadOnlyList<StagedFile> Files, List<(int ExitCode, string Message)> Problems) Plan(ProvisionRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<(int ExitCode, string Message)>();
        void Usage(string message) => problems.Add((ExitCodes.Usage, message));
        void BadFile(string message) => problems.Add((ExitCodes.BadInput, message));

        var configPath = Path.GetFullPath(request.ConfigPath);
        var folder = Path.GetDirectoryName(configPath)!;
        var secrets = Path.Combine(folder, SecretsFolder);
        string InFolder(string name) => Path.Combine(folder, name);
        string InSecrets(string name) => Path.Combine(secrets, name);
        var files = new List<StagedFile>();

        // Identity: the same rule as Edge:Site (SiteOptions), reported by option name.
        var site = new SiteOptions { Tenant = request.Tenant ?? string.Empty, Site = request.Site ?? string.Empty, Gateway = request.Gateway ?? string.Empty };
        foreach (var (member, option) in new[] { (nameof(SiteOptions.Tenant), "--tenant"), (nameof(SiteOptions.Site), "--site"), (nameof(SiteOptions.Gateway), "--gateway") })
        {
            var results = new List<ValidationResult>();
            var value = typeof(SiteOptions).GetProperty(member)!.GetValue(site);
            if (!Validator.TryValidateProperty(value, new ValidationContext(site) { MemberName = member }, results))
            {
                Usage(string.IsNullOrEmpty((string?)value)
                    ? $"{option} is required"
                    : $"{option} must be 1-63 characters of lower-case letters, digits, '-' or '_', starting with a letter or digit (it becomes an MQTT topic level)");
            }
        }

        if (string.IsNullOrEmpty(request.Jurisdiction))
        {
            Usage("--jurisdiction is required (upper-case ISO 3166 code, e.g. DE, AU, US-CA): the residency policy decides by it");
        }
        else if (!GatewayConfig.JurisdictionPattern().IsMatch(request.Jurisdiction))
        {
            Usage("--jurisdiction must be an upper-case ISO 3166-1 alpha-2 code with an optional subdivision, e.g. DE, AU, US-CA");
        }

        if (!Path.IsPathRooted(request.DataDirectory))
        {
            Usage("--data-dir must be an absolute path (the gateway runs from systemd with its own working directory)");
        }

        if (!Path.IsPathRooted(request.SocketPath))
        {
            Usage("--socket-path must be an absolute path");
        }

        if (request.LanUrl is { } lan && !(Uri.TryCreate(lan, UriKind.Absolute, out var lanUri) && lanUri.Scheme is "http" or "https"))
        {
            Usage("--lan-url must be an http(s) URL such as http://0.0.0.0:8080");
        }

        var uplink = new JsonObject
        {
            ["Id"] = request.DestinationId,
            ["Region"] = request.Region,
            ["Purpose"] = request.Purpose,
            ["Format"] = request.Format,
        };
        var destination = new Edge.Sync.Uplink.UplinkOptions();
        foreach (var (member, option, value) in new[]
        {
            (nameof(destination.Id), "--destination-id", request.DestinationId),
            (nameof(destination.Region), "--region", request.Region),
            (nameof(destination.Purpose), "--purpose", request.Purpose),
            (nameof(destination.Format), "--format", request.Format),
        })
        {
            if (!Validator.TryValidateProperty(value, new ValidationContext(destination) { MemberName = member }, []))
            {
                Usage(string.IsNullOrEmpty(value)
                    ? $"{option} is required (residency rules match the destination's region and purpose)"
                    : member == nameof(destination.Format)
                        ? $"{option} must be edge-json or fhir-r4"
                        : $"{option} must be 1-63 characters of lower-case letters, digits, '-' or '_' (e.g. eu-de, au-east, care)");
            }
        }

        if ((request.Broker is null) == (request.IotHub is null))
        {
            Usage("give exactly one destination: --broker mqtts://HOST:PORT (a generic MQTT broker) or --iothub HOSTNAME (Azure IoT Hub)");
        }
        else if (request.Broker is { } broker)
        {
            PlanBroker(request, broker, uplink, Usage, BadFile, files, InSecrets);
        }
        else
        {
            PlanIotHub(request, request.IotHub!, uplink, Usage, BadFile, files, InSecrets);
        }

        if (request.CaFile is { } ca)
        {
            if (ReadInput(ca, "--ca", BadFile) is { } caBytes)
            {
                try
                {
                    var bundle = ClientIdentity.LoadPemBundle(ca);
                    var allExpired = bundle.Count > 0 && bundle.All(c => c.NotAfter.ToUniversalTime() <= now);
                    foreach (var certificate in bundle)
                    {
                        certificate.Dispose();
                    }

                    if (bundle.Count == 0)
                    {
                        BadFile($"--ca {ca} holds no PEM certificate: give the CA certificate that signed the broker's certificate, as PEM");
                    }
                    else if (allExpired)
                    {
                        BadFile($"--ca {ca} has expired: get the broker operator's current CA certificate");
                    }
                    else
                    {
                        files.Add(new StagedFile(InFolder("ca.pem"), caBytes, AtomicFile.Public, "ca", Secret: false));
                        uplink["CaFile"] = InFolder("ca.pem");
                    }
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    BadFile($"--ca {ca} is not a valid PEM certificate file: convert it (openssl x509 -inform der -in CA -out ca.pem)");
                }
            }
        }

        PlanClientIdentity(request, now, uplink, Usage, BadFile, files, InFolder, InSecrets, site.Gateway);

        var residency = new JsonObject();
        if (request.PolicyFile is null)
        {
            Usage("--policy FILE is required: residency is default-deny, and the gateway refuses to start without a policy (docs/residency.md)");
        }
        else if (ReadInput(request.PolicyFile, "--policy", BadFile) is { } policyBytes)
        {
            if (PolicyValidation.Validate(request.PolicyFile).Problem is { } policyProblem)
            {
                BadFile(policyProblem);
            }
            else
            {
                files.Add(new StagedFile(InFolder("residency-policy.json"), policyBytes, AtomicFile.GroupReadable, "policy", Secret: false));
                residency["PolicyFile"] = InFolder("residency-policy.json");
            }
        }

        var control = new JsonObject { ["SocketPath"] = request.SocketPath };
        if (request.LanUrl is not null)
        {
            control["LanUrl"] = request.LanUrl;
        }

        if (request.Pin is { } pin)
        {
            if (!PinHash.IsValidPin(pin))
            {
                Usage("--pin must be 6 to 12 digits");
            }
            else
            {
                files.Add(new StagedFile(InSecrets("nurse-pin"), Encoding.ASCII.GetBytes(PinHash.Create(pin) + "\n"), AtomicFile.Secret, "pin", Secret: true));
                control["PinFile"] = InSecrets("nurse-pin");
            }
        }

        var edge = new JsonObject
        {
            ["DataDirectory"] = request.DataDirectory,
            ["ConsoleView"] = false,
            ["ClockTrust"] = "auto",
            ["Site"] = new JsonObject { ["Tenant"] = request.Tenant, ["Site"] = request.Site, ["Gateway"] = request.Gateway, ["Jurisdiction"] = request.Jurisdiction },
            ["DemoBroker"] = new JsonObject { ["Enabled"] = false },
            ["Simulator"] = new JsonObject { ["Enabled"] = false },
            ["Uplink"] = uplink,
            ["Control"] = control,
        };
        if (residency.Count > 0)
        {
            edge["Residency"] = residency;
        }

        var configBytes = Encoding.UTF8.GetBytes(new JsonObject { ["Edge"] = edge }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        if (problems.Count == 0)
        {
            // The same binding and rules as the gateway at start, on exactly the bytes about to be written.
            using var stream = new MemoryStream(configBytes);
            foreach (var problem in GatewayConfig.FromStream(stream, configPath).Problems)
            {
                Usage("the resulting configuration would not start the gateway: " + problem);
            }
        }

        files.Add(new StagedFile(configPath, configBytes, AtomicFile.GroupReadable, "config", Secret: false));
        return (files, problems);
    }

    private static void PlanBroker(
        ProvisionRequest request, string broker, JsonObject uplink, Action<string> usage, Action<string> badFile, List<StagedFile> files, Func<string, string> inSecrets)
    {
        if (!Uri.TryCreate(broker, UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtts" or "mqtt") || string.IsNullOrEmpty(uri.Host)
            || uri.AbsolutePath.Length > 1 || uri.UserInfo.Length > 0)
        {
            usage("--broker must look like mqtts://HOST:PORT (credentials go in --username and --password-file, never in the URL)");
            return;
        }

        if (uri.Scheme == "mqtt" && !request.AllowPlaintext)
        {
            usage("--broker mqtt:// sends patient data unencrypted: use mqtts://, or pass --allow-plaintext for a lab broker");
            return;
        }

        uplink["Dialect"] = "mqtt";
        uplink["Host"] = uri.Host;
        uplink["Port"] = uri.IsDefaultPort || uri.Port < 0 ? (uri.Scheme == "mqtts" ? 8883 : 1883) : uri.Port;
        uplink["UseTls"] = uri.Scheme == "mqtts";
        if (request.TlsServerName is { } name)
        {
            uplink["TlsServerName"] = name;
        }

        if (request.Username is { } user)
        {
            uplink["Username"] = user;
            if (request.PasswordFile is null)
            {
                usage("--username needs --password-file FILE (the password is never given on the command line)");
            }
        }
        else if (request.PasswordFile is not null)
        {
            usage("--password-file needs --username");
        }

        if (request.PasswordFile is { } passwordFile && ReadInput(passwordFile, "--password-file", badFile) is { } password)
        {
            var text = Encoding.UTF8.GetString(password).TrimEnd('\r', '\n');
            if (text.Length == 0 || text.Contains('\n', StringComparison.Ordinal))
            {
                badFile($"--password-file {passwordFile} must hold the password on one line");
            }
            else
            {
                files.Add(new StagedFile(inSecrets("mqtt-password"), Encoding.UTF8.GetBytes(text + "\n"), AtomicFile.Secret, "mqtt-password", Secret: true));
                uplink["PasswordFile"] = inSecrets("mqtt-password");
            }
        }

        if (request.DeviceId is not null || request.DeviceKeyFile is not null)
        {
            usage("--device-id and --device-key-file belong to --iothub, not --broker");
        }
    }

    private static void PlanIotHub(
        ProvisionRequest request, string hub, JsonObject uplink, Action<string> usage, Action<string> badFile, List<StagedFile> files, Func<string, string> inSecrets)
    {
        if (Uri.CheckHostName(hub) != UriHostNameType.Dns || !hub.Contains('.', StringComparison.Ordinal))
        {
            usage("--iothub must be the hub's host name, e.g. contoso.azure-devices.net");
        }

        if (request.Username is not null || request.PasswordFile is not null)
        {
            usage("--username and --password-file belong to --broker; IoT Hub authenticates with --device-key-file or a client certificate");
        }

        var deviceId = request.DeviceId ?? request.Gateway;
        var hubOptions = new Edge.Sync.Uplink.IotHubOptions { DeviceId = deviceId };
        if (!Validator.TryValidateProperty(deviceId, new ValidationContext(hubOptions) { MemberName = nameof(hubOptions.DeviceId) }, []))
        {
            usage("--device-id must be 1-128 characters of letters, digits and - . % _ * ? ! ( ) , : = @ $ '");
        }

        var iotHub = new JsonObject { ["HostName"] = hub, ["DeviceId"] = deviceId };
        if (request.DeviceKeyFile is { } keyFile)
        {
            if (ReadInput(keyFile, "--device-key-file", badFile) is { } keyBytes)
            {
                var key = Encoding.ASCII.GetString(keyBytes).Trim();
                if (key.Length == 0 || !Convert.TryFromBase64String(key, new byte[key.Length], out var length) || length < 16)
                {
                    badFile($"--device-key-file {keyFile} must hold the device's base64 symmetric key (the primary key from the hub's device page)");
                }
                else
                {
                    files.Add(new StagedFile(inSecrets("iothub-device-key"), Encoding.ASCII.GetBytes(key + "\n"), AtomicFile.Secret, "iothub-device-key", Secret: true));
                    iotHub["SharedAccessKeyFile"] = inSecrets("iothub-device-key");
                }
            }
        }
        else if (!request.GenerateKey && request.ImportCert is null)
        {
            usage("--iothub needs --device-key-file FILE (SAS authentication) or a client certificate (--import-cert/--import-key)");
        }

        uplink["Dialect"] = "iothub";
        uplink["Host"] = hub;
        uplink["Port"] = 8883;
        uplink["UseTls"] = true;
        uplink["Protocol"] = "3.1.1";
        uplink["IotHub"] = iotHub;
    }

    private static void PlanClientIdentity(
        ProvisionRequest request, DateTimeOffset now, JsonObject uplink, Action<string> usage, Action<string> badFile, List<StagedFile> files,
        Func<string, string> inFolder, Func<string, string> inSecrets, string gateway)
    {
        var importing = request.ImportCert is not null || request.ImportKey is not null;
        if (request.GenerateKey && importing)
        {
            usage("--generate-key and --import-cert/--import-key exclude each other: pick one client identity");
            return;
        }

        if (request.GenerateKey)
        {
            if (!GatewayConfig.TopicLevelPattern().IsMatch(gateway))
            {
                return; // --gateway is already reported; the CSR subject needs it.
            }

            var (key, csr) = ClientIdentity.Generate(gateway);
            files.Add(new StagedFile(inSecrets("client.key"), key, AtomicFile.Secret, "client-key", Secret: true));
            files.Add(new StagedFile(inFolder("client.csr"), csr, AtomicFile.Public, "client-csr", Secret: false));
            uplink["ClientKeyFile"] = inSecrets("client.key");
            uplink["ClientCertFile"] = inFolder("client.crt");
            return;
        }

        if (!importing)
        {
            return;
        }

        if (request.ImportCert is null || request.ImportKey is null)
        {
            usage("--import-cert and --import-key go together");
            return;
        }

        var certBytes = ReadInput(request.ImportCert, "--import-cert", badFile);
        var keyBytes = ReadInput(request.ImportKey, "--import-key", badFile);
        if (certBytes is null || keyBytes is null)
        {
            return;
        }

        var problems = ClientIdentity.ValidateImport(request.ImportCert, request.ImportKey, now, out _);
        problems.ForEach(badFile);
        if (problems.Count == 0)
        {
            files.Add(new StagedFile(inFolder("client.crt"), certBytes, AtomicFile.Public, "client-cert", Secret: false));
            files.Add(new StagedFile(inSecrets("client.key"), keyBytes, AtomicFile.Secret, "client-key", Secret: true));
            uplink["ClientCertFile"] = inFolder("client.crt");
            uplink["ClientKeyFile"] = inSecrets("client.key");
        }
    }

    private static byte[]? ReadInput(string path, string option, Action<string> badFile)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0)
            {
                badFile($"{option} {path} is empty");
                return null;
            }

            return bytes;
        }
        catch (FileNotFoundException)
        {
            badFile($"{option} {path} does not exist: check the path");
        }
        catch (DirectoryNotFoundException)
        {
            badFile($"{option} {path} does not exist: check the path");
        }
        catch (UnauthorizedAccessException)
        {
            badFile($"{option} {path} cannot be read: permission denied (run edgectl provision as root)");
        }
        catch (IOException ex)
        {
            badFile(string.Create(CultureInfo.InvariantCulture, $"{option} {path} cannot be read: {ex.Message}"));
        }

        return null;
    }
}
