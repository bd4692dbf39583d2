using Edge.Analytics;
using Edge.Core;
using Edge.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Edge.Host.Status;

/// <summary>
/// Builds the console view's per-patient panels from ingest. Changes are staged while a batch is processed and
/// published only after its commit, so the view never shows a reading that is not stored. Only the ingest thread
/// calls <see cref="Stage"/> and <see cref="Publish"/>.
/// </summary>
public sealed class PatientPanels
{
    private readonly GatewayStatus _status;
    private readonly Dictionary<string, string> _labels;
    private readonly Dictionary<string, PatientPanel> _staged = new(StringComparer.Ordinal);

    public PatientPanels(GatewayStatus status, IOptions<PatientsOptions> patients)
    {
        ArgumentNullException.ThrowIfNull(patients);
        _status = status;
        _labels = patients.Value.Patients.ToDictionary(p => p.Id, p => string.IsNullOrEmpty(p.Label) ? p.Id : p.Label, StringComparer.Ordinal);
    }

    internal void Stage(Reading reading, AnalyticsOutcome outcome)
    {
        if (!_staged.TryGetValue(reading.PatientId, out var panel))
        {
            panel = _status.Patients.GetValueOrDefault(reading.PatientId) ?? new PatientPanel(
                reading.PatientId,
                _labels.GetValueOrDefault(reading.PatientId, reading.PatientId),
                new Dictionary<VitalKind, double>(),
                null,
                "-",
                true,
                null,
                null,
                null);
        }

        var latest = new Dictionary<VitalKind, double>(panel.Latest) { [reading.Kind] = reading.Value };
        panel = panel with { Latest = latest, LastReadingAt = reading.MeasuredAt };
        if (outcome.News2 is { } news2)
        {
            panel = panel with { News2Total = news2.Total, News2Band = news2.RiskBand.ToString(), News2Partial = news2.IsPartial };
        }

        if (outcome.Alerts.Count > 0)
        {
            var alert = outcome.Alerts[^1];
            panel = panel with { LastAlert = $"{alert.Severity} {alert.Code}", LastAlertAt = alert.RaisedAt };
        }

        _staged[reading.PatientId] = panel;
    }

    internal void Publish()
    {
        foreach (var (id, panel) in _staged)
        {
            _status.Patients[id] = panel;
        }

        _staged.Clear();
    }
}
