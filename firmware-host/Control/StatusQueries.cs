using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Edge.Analytics;
using Edge.Core;
using Edge.Host.Status;
using Edge.Sync.Outbox;
using Edge.Sync.Uplink;
using Edge.Sync.Wire;
using Microsoft.Extensions.Options;

namespace Edge.Host.Control;

/// <summary>
/// Answers the read-only queries (status, alerts, diagnostics) from in-memory counters. The only outbox calls are
/// its per-class counters and the oldest pending item per class; the backlog is cached for one second so a watching
/// <c>edgectl status --watch</c> or a page left open never adds load to the store. Thread-safe.
/// </summary>
public sealed partial class StatusQueries
{
    private static readonly TimeSpan BacklogCacheTime = TimeSpan.FromSeconds(1);
    private const string Masked = "***";
    private static readonly string[] SecretWords = ["password", "secret", "token", "sas", "credential", "private"];

    private readonly GatewayStatus _status;
    private readonly UplinkStatus _uplink;
    private readonly OutboxStore _outbox;
    private readonly AnalyticsEngine _analytics;
    private readonly IClockTrust _clock;
    private readonly SiteOptions _site;
    private readonly PairingWindow _pairing;
    private readonly IConfiguration _configuration;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Lock _lock = new();
    private (long At, IReadOnlyList<BacklogEntry> Entries)? _backlog;

    /// <summary>Creates the queries.</summary>
    public StatusQueries(
        GatewayStatus status,
        UplinkStatus uplink,
        OutboxStore outbox,
        AnalyticsEngine analytics,
        IClockTrust clock,
        IOptions<SiteOptions> site,
        PairingWindow pairing,
        IConfiguration configuration,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(site);
        (_status, _uplink, _outbox, _analytics, _clock, _site, _pairing, _configuration, _time) =
            (status, uplink, outbox, analytics, clock, site.Value, pairing, configuration, time);
        _started = time.GetTimestamp();
    }

    /// <summary>The gateway's version (informational version of Edge.Host).</summary>
    public static string Version { get; } = VersionOf(typeof(StatusQueries).Assembly);

    /// <summary>GET /v1/status.</summary>
    public StatusResponse Status()
    {
        var analytics = _analytics.Status;
        return new StatusResponse(
            Version,
            _site.Gateway,
            _site.Site,
            (long)_time.GetElapsedTime(_started).TotalSeconds,
            _clock.Current switch
            {
                ClockTrust.Trusted => "trusted",
                ClockTrust.Untrusted => "untrusted",
                _ => "unknown",
            },
            new UplinkInfo(Lower(_uplink.State.ToString()), _uplink.LastError, _uplink.AckedItems, _uplink.Reconnects),
            Backlog(),
            new AnalyticsInfo(analytics.Degraded ? "degraded" : "full", analytics.Reason, analytics.ModelVersion),
            new PairingInfo(_pairing.Active, _pairing.SecondsLeft));
    }

    /// <summary>GET /v1/alerts: the newest alert of each patient, newest first (the outbox holds the full history).</summary>
    public IReadOnlyList<AlertInfo> Alerts(int limit) =>
        [.. _status.Patients.Values
            .Where(p => p.LastAlert is not null && p.LastAlertAt is not null)
            .Select(p =>
            {
                var text = p.LastAlert!;
                var space = text.IndexOf(' ', StringComparison.Ordinal);
                var (severity, code) = space > 0 ? (text[..space], text[(space + 1)..]) : ("unknown", text);
                var at = p.LastAlertAt!.Value;
                return new AlertInfo(
                    string.Create(CultureInfo.InvariantCulture, $"{p.PatientId}-{at.ToUnixTimeMilliseconds()}"),
                    p.PatientId,
                    code,
                    Lower(severity),
                    at);
            })
            .OrderByDescending(a => a.Raised)
            .Take(limit)];

    /// <summary>GET /v1/diagnostics: versions, counters, and the configuration with secrets and identifiers masked.</summary>
    public DiagnosticsResponse Diagnostics()
    {
        var versions = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["edge"] = Version,
            ["dotnet"] = Environment.Version.ToString(),
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["architecture"] = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString(),
            ["model"] = _analytics.Status.ModelVersion ?? "none",
        };
        var metrics = new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["observations"] = _status.Observations,
            ["stored"] = _status.Stored,
            ["unbound"] = _status.Unbound,
            ["alerts"] = _status.Alerts,
            ["commitFailures"] = _status.CommitFailures,
            ["rejected"] = _status.Rejected,
            ["sent"] = _uplink.AckedItems,
            ["sentMessages"] = _uplink.AckedMessages,
            ["reconnects"] = _uplink.Reconnects,
            ["connectFailures"] = _uplink.ConnectFailures,
            ["backlog"] = _outbox.PendingCount,
        };
        foreach (var (key, value) in _outbox.Counters.Snapshot())
        {
            metrics[$"drops.{OutboxClasses.Name(key.Class)}.{key.Reason}"] = value;
        }

        var config = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in _configuration.AsEnumerable())
        {
            if (value is not null && key.StartsWith("Edge:", StringComparison.Ordinal))
            {
                config[key] = Mask(key, value);
            }
        }

        return new DiagnosticsResponse(versions, metrics, config);
    }

    /// <summary>
    /// The value of a configuration key as diagnostics show it: secrets, patient labels and hardware identifiers (MAC
    /// addresses, device paths, configured sources) become <c>***</c>; paths of secret files stay, a tech needs them.
    /// </summary>
    public static string Mask(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var lower = key.ToLowerInvariant();
        var last = lower[(lower.LastIndexOf(':') + 1)..];
        if (MacAddress().IsMatch(value) || value.StartsWith("/dev/", StringComparison.Ordinal) || value.Contains('@', StringComparison.Ordinal))
        {
            return Masked;
        }

        if (last is "source" or "label" or "address" or "serial" or "serialnumber" or "pin" or "demopin")
        {
            return Masked;
        }

        if (last.EndsWith("file", StringComparison.Ordinal) || last.EndsWith("path", StringComparison.Ordinal) || last.EndsWith("directory", StringComparison.Ordinal))
        {
            return value;
        }

        return SecretWords.Any(last.Contains) || last.EndsWith("key", StringComparison.Ordinal) ? Masked : value;
    }

    [GeneratedRegex("^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$")]
    private static partial Regex MacAddress();

    private IReadOnlyList<BacklogEntry> Backlog()
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (_backlog is { } cached && _time.GetElapsedTime(cached.At, now) < BacklogCacheTime)
            {
                return cached.Entries;
            }
        }

        var utcNow = _time.GetUtcNow();
        var entries = new List<BacklogEntry>(OutboxClasses.Count);
        foreach (var dataClass in OutboxClasses.All)
        {
            var count = _outbox.PendingCountOf(dataClass);
            long? oldestAge = count > 0 && _outbox.OldestMeasuredAt(dataClass) is { } oldest
                ? (long)Math.Max(0, (utcNow - oldest).TotalSeconds)
                : null;
            entries.Add(new BacklogEntry(OutboxClasses.Name(dataClass), count, _outbox.PendingBytesOf(dataClass), oldestAge));
        }

        lock (_lock)
        {
            _backlog = (now, entries);
        }

        return entries;
    }

    private static string Lower(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));

    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion is { } v
            ? v.Split('+')[0]
            : assembly.GetName().Version?.ToString() ?? "0.0.0";
}
