using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Core;
using Edge.Provisioning.Config;
using Edge.Provisioning.Control;

namespace Edge.Provisioning.Check;

/// <summary>The checks that need only the config and the local machine (no network).</summary>
internal static class LocalChecks
{
    /// <summary>Below this many days a certificate warns.</summary>
    public const int CertificateWarnDays = 30;

    public static CheckResult Config(GatewayConfig config) =>
        config.Problems.Count == 0
            ? CheckResult.Pass("config", $"{config.Path} parses and every key has a valid value")
            : CheckResult.Fail("config", $"{config.Path}: " + string.Join("; ", config.Problems), "correct the keys named (docs/edgectl.md lists them), or re-run edgectl provision --force");

    /// <summary>Every file the config names exists and is readable; secrets are not readable by group or others.</summary>
    public static CheckResult Secrets(GatewayConfig config)
    {
        var secrets = new List<(string Key, string? Path)>
        {
            ("Edge:Uplink:PasswordFile", config.Uplink.PasswordFile),
            ("Edge:Uplink:ClientKeyFile", config.Uplink.ClientKeyFile),
            ("Edge:Uplink:IotHub:SharedAccessKeyFile", config.Uplink.IotHub.SharedAccessKeyFile),
            ("Edge:Control:PinFile", config.PinFile),
        };
        var missing = new List<string>();
        var open = new List<string>();
        foreach (var (key, path) in secrets)
        {
            if (string.IsNullOrEmpty(path))
            {
                continue;
            }

            if (!File.Exists(path))
            {
                missing.Add(key);
            }
            else if ((File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                open.Add(key);
            }
        }

        if (config.Uplink.Password is { Length: > 0 })
        {
            open.Add("Edge:Uplink:Password (inline in the config)");
        }

        if (missing.Count > 0)
        {
            return CheckResult.Fail("secrets", "missing: " + string.Join(", ", missing), "put the files in place (edgectl provision writes them), or correct the paths");
        }

        return open.Count > 0
            ? CheckResult.Warn("secrets", "readable by group or others: " + string.Join(", ", open), "chmod 0600 the files named (and use a PasswordFile instead of an inline Password)")
            : CheckResult.Pass("secrets", "every secret file is present with mode 0600 or stricter");
    }

    public static CheckResult Policy(GatewayConfig config)
    {
        if (config.PolicyFile is not { Length: > 0 } path)
        {
            return CheckResult.Fail("policy", "no residency policy (Edge:Residency:PolicyFile): residency is default-deny, so the gateway refuses to start", "provision one: edgectl provision ... --policy FILE --force");
        }

        var (version, problem) = PolicyValidation.Validate(path);
        return problem is null
            ? CheckResult.Pass("policy", $"{path} is valid (policy version {version})")
            : CheckResult.Fail("policy", problem, "fix the line and rule named, then re-run edgectl provision --policy FILE --force");
    }

    public static CheckResult Pin(GatewayConfig config)
    {
        var lan = config.Root["Edge:Control:LanUrl"];
        if (config.PinFile is not { Length: > 0 } pinFile)
        {
            return string.IsNullOrEmpty(lan)
                ? CheckResult.Skip("pin", "nurse page off (no Edge:Control:LanUrl)")
                : CheckResult.Fail("pin", "the nurse page is on but no PIN is set: the LAN API answers 503", "set one: edgectl provision ... --pin NNNNNN --force");
        }

        if (!File.Exists(pinFile))
        {
            return CheckResult.Fail("pin", $"Edge:Control:PinFile {pinFile} does not exist", "set the PIN: edgectl provision ... --pin NNNNNN --force");
        }

        try
        {
            return Provision.PinHash.IsWellFormed(File.ReadAllText(pinFile))
                ? CheckResult.Pass("pin", "nurse PIN hash present and well-formed" + (string.IsNullOrEmpty(lan) ? " (nurse page off)" : string.Empty))
                : CheckResult.Fail("pin", $"Edge:Control:PinFile {pinFile} is not a pbkdf2-sha256 hash", "set the PIN again: edgectl provision ... --pin NNNNNN --force");
        }
        catch (UnauthorizedAccessException)
        {
            return CheckResult.Warn("pin", $"Edge:Control:PinFile {pinFile} is not readable by this user", "run edgectl check as root or as the gateway's user");
        }
    }

    public static CheckResult Clock(GatewayConfig config, ClockTrust kernel)
    {
        var mode = config.Root["Edge:ClockTrust"] ?? "auto";
        var iotHub = config.Uplink.Dialect == "iothub";
        return (mode, kernel) switch
        {
            ("trusted", _) => CheckResult.Warn("clock", "Edge:ClockTrust forces 'trusted': readings are never flagged for clock doubt", "use 'auto' in production so an unsynchronised clock is detected"),
            ("untrusted", _) => CheckResult.Warn("clock", "Edge:ClockTrust forces 'untrusted': every reading is flagged" + (iotHub ? " and no IoT Hub SAS token can be minted" : string.Empty), "use 'auto' once NTP works"),
            (_, ClockTrust.Trusted) => CheckResult.Pass("clock", "the kernel reports the clock synchronised (adjtimex)"),
            (_, ClockTrust.Untrusted) when iotHub => CheckResult.Fail("clock", "the clock is not synchronised: readings are flagged and the IoT Hub uplink waits (SAS tokens need true time)", "enable NTP (timedatectl set-ntp true) and allow outbound UDP 123, or fit an RTC"),
            (_, ClockTrust.Untrusted) => CheckResult.Warn("clock", "the clock is not synchronised: readings are flagged as untrusted-time", "enable NTP (timedatectl set-ntp true) and allow outbound UDP 123, or fit an RTC"),
            _ => CheckResult.Warn("clock", "clock state unknown (adjtimex unavailable)", "check timedatectl; on Linux this should not happen"),
        };
    }

    public static CheckResult Disk(GatewayConfig config)
    {
        var dir = config.DataDirectory;
        var existing = dir;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        long free;
        try
        {
            free = new DriveInfo(existing).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return CheckResult.Warn("disk", $"cannot read the free space of {existing}: {ex.Message}", "check the data directory's mount");
        }

        var floor = config.Outbox.MinFreeDiskBytes;
        var text = $"{Json.Bytes(free)} free for {dir}" + (existing == dir ? string.Empty : " (not created yet; the gateway creates it)");
        if (free < floor)
        {
            return CheckResult.Fail("disk", text + $", below Edge:Outbox:MinFreeDiskBytes ({Json.Bytes(floor)}): the outbox is shedding data", "free space on that filesystem or move Edge:DataDirectory to a larger one");
        }

        const long Comfortable = 1024L * 1024 * 1024;
        return free < Math.Max(Comfortable, 4 * floor)
            ? CheckResult.Warn("disk", text + ": little room to buffer an outage", "free space or move Edge:DataDirectory; a day of backlog for 3 patients is about 50 MB")
            : CheckResult.Pass("disk", text);
    }

    public static CheckResult Serial(GatewayConfig config)
    {
        if (!config.Serial.Enabled)
        {
            return CheckResult.Skip("serial", "serial devices off (Edge:Serial:Enabled)");
        }

        // Port paths carry adapter serial numbers: ports are named by index, as the gateway logs them.
        var missing = new List<string>();
        var count = 0;
        for (var i = 0; i < config.Serial.Ports.Count; i++)
        {
            var port = config.Serial.Ports[i];
            if (!port.Enabled)
            {
                continue;
            }

            count++;
            if (!File.Exists(port.Path))
            {
                missing.Add(string.Create(CultureInfo.InvariantCulture, $"Edge:Serial:Ports:{i} ({port.Protocol})"));
            }
        }

        if (count == 0)
        {
            return CheckResult.Warn("serial", "serial is on but no port is enabled", "add ports under Edge:Serial:Ports or turn Edge:Serial:Enabled off");
        }

        return missing.Count == 0
            ? CheckResult.Pass("serial", string.Create(CultureInfo.InvariantCulture, $"{count} configured port(s) present"))
            : CheckResult.Fail("serial", "not present: " + string.Join(", ", missing), "plug in the USB-serial adapter; use the /dev/serial/by-id/ path (ls -l /dev/serial/by-id) so it survives re-plugging");
    }

    public static IEnumerable<CheckResult> Certificates(GatewayConfig config, DateTimeOffset now)
    {
        var uplink = config.Uplink;
        if (uplink.ClientKeyFile is { Length: > 0 } && uplink.ClientCertFile is { Length: > 0 } certPath && !File.Exists(certPath))
        {
            var csr = Path.ChangeExtension(certPath, ".csr");
            yield return CheckResult.Fail("client-cert", $"Edge:Uplink:ClientCertFile {certPath} does not exist yet", File.Exists(csr)
                ? $"have the broker's CA sign {csr} and install the certificate at {certPath}"
                : "install the client certificate at that path, or re-run edgectl provision --import-cert/--generate-key");
        }
        else if (uplink.ClientCertFile is { Length: > 0 } cert)
        {
            yield return Lifetime("client-cert", "Edge:Uplink:ClientCertFile", cert, now);
        }
        else
        {
            yield return CheckResult.Skip("client-cert", "no client certificate (password or SAS authentication)");
        }

        if (uplink.CaFile is { Length: > 0 } ca)
        {
            yield return Lifetime("ca-cert", "Edge:Uplink:CaFile", ca, now);
        }
        else if (uplink.UseTls)
        {
            yield return CheckResult.Warn("ca-cert", "no Edge:Uplink:CaFile: the broker is checked against the system's CA store", "pin the broker's CA with edgectl provision --ca FILE for a private broker");
        }
    }

    private static CheckResult Lifetime(string name, string key, string path, DateTimeOffset now)
    {
        X509Certificate2Collection certificates;
        try
        {
            certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return CheckResult.Fail(name, $"{key} {path} cannot be read as PEM: {ex.Message}", "replace it with a PEM certificate");
        }

        if (certificates.Count == 0)
        {
            return CheckResult.Fail(name, $"{key} {path} holds no certificate", "replace it with a PEM certificate");
        }

        var soonest = certificates.Select(c => c.NotAfter.ToUniversalTime()).Min();
        var notBefore = certificates[0].NotBefore.ToUniversalTime();
        foreach (var c in certificates)
        {
            c.Dispose();
        }

        var days = (int)Math.Floor((soonest - now.UtcDateTime).TotalDays);
        var text = string.Create(CultureInfo.InvariantCulture, $"{key}: expires {soonest:yyyy-MM-dd} ({days} days left)");
        if (soonest <= now.UtcDateTime)
        {
            return CheckResult.Fail(name, string.Create(CultureInfo.InvariantCulture, $"{key}: expired on {soonest:yyyy-MM-dd}"), "renew it: a new CSR (edgectl provision --generate-key --force) signed by the CA, or import a new certificate");
        }

        if (notBefore > now.UtcDateTime)
        {
            return CheckResult.Fail(name, string.Create(CultureInfo.InvariantCulture, $"{key}: not valid until {notBefore:yyyy-MM-dd HH:mm}Z"), "check the appliance clock (timedatectl)");
        }

        return days < CertificateWarnDays
            ? CheckResult.Warn(name, text, "renew it before it expires: the uplink stops at expiry")
            : CheckResult.Pass(name, text);
    }
}
