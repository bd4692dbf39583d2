using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Edge.Drivers.Ble;
using Edge.Drivers.Serial;
using Edge.Provisioning.Cli;
using Edge.Sync.Outbox;
using Edge.Sync.Uplink;
using Edge.Sync.Wire;
using Microsoft.Extensions.Configuration;

namespace Edge.Provisioning.Config;

/// <summary>
/// A gateway configuration file as edgectl sees it: parsed and bound onto the gateway's own option classes
/// (<see cref="SiteOptions"/>, <see cref="UplinkOptions"/>, <see cref="OutboxOptions"/>, <see cref="SerialOptions"/>,
/// <see cref="BleOptions"/>) with their own annotations and validators, so <c>provision</c> and <c>check</c> apply
/// the same key and value rules as the gateway at start. Problems name keys, never values.
/// </summary>
internal sealed partial class GatewayConfig
{
    private GatewayConfig(IConfiguration root, string? path)
    {
        Root = root;
        Path = path;
    }

    /// <summary>The file it came from, or null for an in-memory config.</summary>
    public string? Path { get; }

    public IConfiguration Root { get; }

    public SiteOptions Site { get; } = new();

    public UplinkOptions Uplink { get; } = new();

    public OutboxOptions Outbox { get; } = new();

    public SerialOptions Serial { get; } = new();

    public BleOptions Ble { get; } = new();

    /// <summary>Key/value problems, each naming its key; empty when the gateway would start.</summary>
    public List<string> Problems { get; } = [];

    /// <summary><c>Edge:DataDirectory</c> as a full path (relative paths resolve from the config file's folder).</summary>
    public string DataDirectory
    {
        get
        {
            var dir = Root["Edge:DataDirectory"] ?? "data";
            return System.IO.Path.IsPathRooted(dir) || Path is null ? dir : System.IO.Path.GetFullPath(dir, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        }
    }

    public string? Jurisdiction => Root["Edge:Site:Jurisdiction"];

    public string? PolicyFile => Root["Edge:Residency:PolicyFile"];

    public string? PinFile => Root["Edge:Control:PinFile"];

    /// <summary><c>Edge:Control:SocketPath</c>, else the contract's default <c>{DataDirectory}/edge.sock</c>.</summary>
    public string SocketPath => Root["Edge:Control:SocketPath"] is { Length: > 0 } s ? s : System.IO.Path.Combine(DataDirectory, "edge.sock");

    /// <summary>Loads <paramref name="path"/>. Throws <see cref="CliException"/> (exit 78) when it is missing or not JSON.</summary>
    public static GatewayConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException(
                ExitCodes.ConfigInvalid,
                $"the configuration file {path} does not exist",
                "write one with 'edgectl provision --config " + path + " ...', or pass --config PATH",
                "config-missing");
        }

        IConfiguration root;
        try
        {
            root = new ConfigurationBuilder().AddJsonFile(System.IO.Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        }
        catch (InvalidDataException ex)
        {
            throw new CliException(
                ExitCodes.ConfigInvalid,
                $"the configuration file {path} is not valid JSON: {ex.GetBaseException().Message}",
                "fix the JSON syntax at the position named, or re-run edgectl provision --force",
                "config-json");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException(
                ExitCodes.ConfigInvalid,
                $"the configuration file {path} cannot be read: permission denied",
                "run edgectl as root or as the gateway's user",
                "config-permission");
        }

        return Bind(root, path);
    }

    /// <summary>Binds and validates an in-memory configuration (what provision is about to write).</summary>
    public static GatewayConfig FromStream(Stream json, string? path)
    {
        var root = new ConfigurationBuilder().AddJsonStream(json).Build();
        return Bind(root, path);
    }

    private static GatewayConfig Bind(IConfiguration root, string? path)
    {
        var config = new GatewayConfig(root, path);
        config.BindSection("Edge:Site", config.Site);
        config.BindSection("Edge:Uplink", config.Uplink);
        config.BindSection("Edge:Outbox", config.Outbox);
        config.BindSection("Edge:Serial", config.Serial);
        config.BindSection("Edge:Ble", config.Ble);
        config.ValidateTopLevel();
        if (config.Serial.Enabled || config.Serial.Ports.Count > 0)
        {
            var result = new SerialOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, config.Serial);
            if (result.Failed)
            {
                config.Problems.AddRange(result.Failures.Select(f => "Edge:Serial: " + f));
            }
        }

        return config;
    }

    private void BindSection(string key, object options)
    {
        try
        {
            Root.GetSection(key).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the target type ("Failed to convert configuration value at 'Edge:Uplink:Port'").
            Problems.Add($"{key}: {KeyOnly(ex.Message)}");
            return;
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            foreach (var r in results)
            {
                Problems.Add($"{key}:{string.Join(",", r.MemberNames.DefaultIfEmpty("?"))}: {r.ErrorMessage}");
            }
        }
    }

    // Keeps the binder's message up to the value it quotes, so a value (maybe a MAC) is never echoed.
    private static string KeyOnly(string message)
    {
        var at = message.IndexOf(" to type", StringComparison.Ordinal);
        return at > 0 ? message[..at] : "a value has the wrong type";
    }

    private void ValidateTopLevel()
    {
        if (Root["Edge:ClockTrust"] is { } trust && !ClockTrustPattern().IsMatch(trust))
        {
            Problems.Add("Edge:ClockTrust must be auto, trusted or untrusted.");
        }

        if (Root["Edge:DataDirectory"] is { Length: 0 })
        {
            Problems.Add("Edge:DataDirectory must not be empty.");
        }

        if (Jurisdiction is { } j && !JurisdictionPattern().IsMatch(j))
        {
            Problems.Add("Edge:Site:Jurisdiction must be an upper-case ISO 3166-1 alpha-2 code with an optional subdivision, e.g. DE, AU, US-CA.");
        }

        var patientIds = new HashSet<string>(StringComparer.Ordinal);
        var deviceIds = new HashSet<string>(StringComparer.Ordinal);
        var patients = Root.GetSection("Edge:Patients").GetChildren().ToList();
        for (var p = 0; p < patients.Count; p++)
        {
            var id = patients[p]["Id"] ?? string.Empty;
            if (!OpaqueId().IsMatch(id))
            {
                Problems.Add($"Edge:Patients:{p}:Id must be an opaque id of 1-64 letters, digits, '-' or '_'.");
            }
            else if (!patientIds.Add(id))
            {
                Problems.Add($"Edge:Patients:{p}:Id repeats an earlier patient id.");
            }

            var devices = patients[p].GetSection("Devices").GetChildren().ToList();
            for (var d = 0; d < devices.Count; d++)
            {
                var deviceId = devices[d]["DeviceId"] ?? string.Empty;
                if (!OpaqueId().IsMatch(deviceId))
                {
                    Problems.Add($"Edge:Patients:{p}:Devices:{d}:DeviceId must be an opaque id of 1-64 letters, digits, '-' or '_'.");
                }
                else if (!deviceIds.Add(deviceId))
                {
                    Problems.Add($"Edge:Patients:{p}:Devices:{d}:DeviceId repeats an earlier device id.");
                }

                if (string.IsNullOrEmpty(devices[d]["Source"]))
                {
                    Problems.Add($"Edge:Patients:{p}:Devices:{d}:Source is required.");
                }
            }
        }
    }

    /// <summary>Upper-case ISO 3166-1 alpha-2, optionally with an ISO 3166-2 subdivision (US-CA, DE-BY, AU-NSW).</summary>
    [GeneratedRegex("^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]
    public static partial Regex JurisdictionPattern();

    /// <summary>The topic-level rule of <see cref="SiteOptions"/>.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    public static partial Regex TopicLevelPattern();

    [GeneratedRegex("^(auto|trusted|untrusted)$")]
    private static partial Regex ClockTrustPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex OpaqueId();
}
