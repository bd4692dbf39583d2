using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.Analytics;
using Edge.Core;
using Edge.Host.Configuration;
using Edge.Host.Control;
using Edge.Host.Demo;
using Edge.Sync.Outbox;
using Edge.Sync.Residency;
using Edge.Sync.Uplink;
using Microsoft.Extensions.Options;

namespace Edge.Host.Status;

/// <summary>
/// The live console view and the health file. On a terminal it redraws a screen each second: per patient the
/// latest vitals, NEWS2 and last alert; the backlog; the uplink state. When standard output is redirected it prints
/// one PHI-free status line every 2 s instead (<c>status readings=.. stored=.. sent=.. backlog=.. uplink=..</c>),
/// which scripts and tests read. Either way it rewrites <c>status.json</c> (counters only) for <c>--health</c>.
/// </summary>
public sealed class StatusReporter : BackgroundService
{
    /// <summary>File name of the health file in the data directory.</summary>
    public const string StatusFileName = "status.json";

    private readonly GatewayStatus _status;
    private readonly UplinkStatus _uplink;
    private readonly OutboxStore _outbox;
    private readonly DemoBrokerService _broker;
    private readonly AnalyticsEngine _analytics;
    private readonly EdgeOptions _options;
    private readonly TimeProvider _time;
    private readonly ControlServer? _control;
    private readonly string _statusPath;
    private readonly UplinkStatusBoard? _destinations;
    private readonly ResidencyGate? _residency;

    public StatusReporter(
        GatewayStatus status,
        UplinkStatus uplink,
        OutboxStore outbox,
        DemoBrokerService broker,
        AnalyticsEngine analytics,
        IOptions<EdgeOptions> options,
        TimeProvider time,
        UplinkStatusBoard? destinations = null,
        ResidencyGate? residency = null,
        ControlServer? control = null)
    {
        _control = control;
        _destinations = destinations;
        _residency = residency;
        ArgumentNullException.ThrowIfNull(options);
        _status = status;
        _uplink = uplink;
        _outbox = outbox;
        _broker = broker;
        _analytics = analytics;
        _options = options.Value;
        _time = time;
        _statusPath = Path.Combine(Path.GetFullPath(_options.DataDirectory), StatusFileName);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interactive = _options.ConsoleView && !Console.IsOutputRedirected;
        var period = interactive ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(2);
        using var timer = new PeriodicTimer(period, _time);
        try
        {
            do
            {
                WriteStatusFile();
                if (interactive)
                {
                    Console.Write(RenderScreen());
                }
                else if (_options.ConsoleView)
                {
                    Console.WriteLine(StatusLine());
                    if (DropsLine() is { } drops)
                    {
                        Console.WriteLine(drops);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        if (_options.ConsoleView)
        {
            Console.WriteLine(StatusLine());
        }
    }

    /// <summary>The one-line, PHI-free summary.</summary>
    public string StatusLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"status readings={_status.Observations} stored={_status.Stored} sent={_uplink.AckedItems} backlog={_outbox.PendingCount} uplink={_uplink.State}");

    /// <summary>A second PHI-free line with what was given up on and why, printed when anything was.</summary>
    public string? DropsLine()
    {
        var drops = _outbox.Counters.Snapshot();
        if (drops.Count == 0 && _status.CommitFailures == 0 && _status.Rejected == 0)
        {
            return null;
        }

        var parts = drops.OrderBy(kv => kv.Key.Class).ThenBy(kv => kv.Key.Reason, StringComparer.Ordinal)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{OutboxClasses.Name(kv.Key.Class)}.{kv.Key.Reason}={kv.Value}"));
        return string.Create(CultureInfo.InvariantCulture, $"drops commit_failures={_status.CommitFailures} rejected={_status.Rejected} {string.Join(' ', parts)}").TrimEnd();
    }

    private void WriteStatusFile()
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["observations"] = _status.Observations,
            ["stored"] = _status.Stored,
            ["sent"] = _uplink.AckedItems,
            ["backlog"] = _outbox.PendingCount,
            ["uplink"] = _uplink.State.ToString(),
            ["commitFailures"] = _status.CommitFailures,
            ["rejected"] = _status.Rejected,
            ["uplinkError"] = _uplink.LastError ?? string.Empty,
            ["analytics"] = _analytics.Status.Degraded ? AnalyticsStatus.DegradedLabel : "full",
            ["analyticsReason"] = _analytics.Status.Reason ?? string.Empty,
            ["model"] = _analytics.Status.ModelVersion ?? string.Empty,
            ["destinations"] = (_destinations?.Ids ?? []).Select(id => new Dictionary<string, object>
            {
                ["id"] = id,
                ["state"] = _destinations!.For(id).State.ToString(),
                ["sent"] = _destinations.For(id).AckedItems,
                ["error"] = _destinations.For(id).LastError ?? string.Empty,
            }).ToList(),
            ["residency"] = new Dictionary<string, object>
            {
                ["policy"] = _residency?.Policy.Version ?? string.Empty,
                ["digest"] = _residency?.Policy.Digest ?? string.Empty,
                ["keptLocal"] = _status.KeptLocal,
                ["deniedEverywhere"] = _status.ResidencyDenied,
            },
            ["drops"] = _outbox.Counters.Snapshot().ToDictionary(kv => $"{OutboxClasses.Name(kv.Key.Class)}.{kv.Key.Reason}", kv => kv.Value),
            ["at"] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        });
        var temp = _statusPath + ".tmp";
        try
        {
            File.WriteAllText(temp, json);
            File.Move(temp, _statusPath, overwrite: true);
        }
        catch (IOException)
        {
            // A full disk must not stop the gateway; --health reports the stale file instead.
        }
    }

    private string RenderScreen()
    {
        var sb = new StringBuilder();
        sb.Append("\u001b[H\u001b[2J");
        sb.AppendLine("Edge gateway - live view (synthetic demo data)        Ctrl+C to stop");
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{"Patient",-26} {"HR",5} {"SpO2",5} {"PR",5} {"PI",6}  {"NEWS2",-16} Last alert"));
        sb.AppendLine(new string('-', 90));
        foreach (var panel in _status.Patients.Values.OrderBy(p => p.Label, StringComparer.Ordinal))
        {
            var news2 = panel.News2Total is { } total
                ? string.Create(CultureInfo.InvariantCulture, $"{total}{(panel.News2Partial ? "*" : string.Empty)} {panel.News2Band}")
                : "-";
            var alert = panel.LastAlert is { } a && panel.LastAlertAt is { } at
                ? string.Create(CultureInfo.InvariantCulture, $"{a} at {at.ToLocalTime():HH:mm:ss}")
                : "-";
            sb.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{Truncate(panel.Label, 26),-26} {Value(panel, VitalKind.HeartRate),5} {Value(panel, VitalKind.SpO2),5} {Value(panel, VitalKind.PulseRate),5} {Value(panel, VitalKind.PerfusionIndex, "0.00"),6}  {news2,-16} {alert}"));
        }

        sb.AppendLine();
        sb.AppendLine("* partial NEWS2: inputs missing at home (respiration, BP, temperature, consciousness) are not assumed normal");
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Readings in {_status.Observations,10}   stored {_status.Stored,10} (readings + alerts)   alerts {_status.Alerts,6}   unbound {_status.Unbound,6}"));
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Backlog    {_outbox.PendingCount,10}   sent   {_uplink.AckedItems,10}   uplink {_uplink.State} (reconnects {_uplink.Reconnects})"));
        sb.AppendLine(_analytics.Status.Degraded
            ? $"Analytics  DEGRADED ({_analytics.Status.Reason}): rules run, the anomaly model does not"
            : $"Analytics  rules + model {_analytics.Status.ModelVersion}");
        if (_control?.NurseUrl is { } nursePage)
        {
            sb.AppendLine($"Nurse page {nursePage}   (control socket {_control.SocketPath})");
        }

        if (_broker.Enabled)
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Demo cloud broker received {_broker.Received} messages   (watch: mosquitto_sub -p 18830 -t 'edge/#' -v)"));
        }

        return sb.ToString();
    }

    private static string Value(PatientPanel panel, VitalKind kind, string format = "0") =>
        panel.Latest.TryGetValue(kind, out var v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
