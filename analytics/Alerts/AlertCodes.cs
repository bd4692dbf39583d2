using Edge.Analytics.Model;
using Edge.Core;

namespace Edge.Analytics.Alerts;

/// <summary>
/// Every <see cref="Alert.Code"/> the analytics raises, besides <see cref="News2AlertCodes"/>. Codes name a vital by
/// its <see cref="VitalCatalog"/> key, never a value. The strings are built once, so raising an alert does not
/// format text.
/// </summary>
public static class AlertCodes
{
    /// <summary>A device has been silent past its expected interval (<c>data.missing</c>). Severity Low by default.</summary>
    public const string DataMissing = "data.missing";

    private static readonly string[] LimitLow = Build("limit.{0}.low");
    private static readonly string[] LimitHigh = Build("limit.{0}.high");
    private static readonly string[] TrendUp = Build("trend.{0}.up");
    private static readonly string[] TrendDown = Build("trend.{0}.down");
    private static readonly string[] ModelUnusual = [.. ModelChannels.Keys.Select(k => "model.unusual." + k)];
    private static readonly string[] BaselineDeviation = [.. ModelChannels.Keys.Select(k => "baseline.deviation." + k)];

    /// <summary>A hard limit breached and confirmed on re-check, e.g. <c>limit.spo2.low</c>.</summary>
    public static string Limit(VitalKind kind, bool high) => (high ? LimitHigh : LimitLow)[(int)kind];

    /// <summary>A sporadic vital trending away from the patient's level (CUSUM), e.g. <c>trend.body_weight.up</c>.</summary>
    public static string Trend(VitalKind kind, bool up) => (up ? TrendUp : TrendDown)[(int)kind];

    /// <summary>Advisory: the model finds the newest minutes unusual for this patient, led by a channel, e.g. <c>model.unusual.spo2</c>.</summary>
    public static string Unusual(int channel) => ModelUnusual[channel];

    /// <summary>Advisory: a channel deviates from the patient's own baseline, e.g. <c>baseline.deviation.heart_rate</c>.</summary>
    public static string Deviation(int channel) => BaselineDeviation[channel];

    /// <summary>Whether an alert code comes from a rule (NEWS2 or a hard limit) rather than an advisory channel.</summary>
    public static bool IsRule(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.StartsWith("news2.", StringComparison.Ordinal) || code.StartsWith("limit.", StringComparison.Ordinal);
    }

    /// <summary>Whether an alert code is clinical (rule or advisory), as opposed to <see cref="DataMissing"/>.</summary>
    public static bool IsClinical(string code) => !string.Equals(code, DataMissing, StringComparison.Ordinal);

    /// <summary>
    /// Whether an alert of this severity belongs in the outbox's alarm lane: High and Medium do (they overtake
    /// everything); Low and Info travel as ordinary alert messages in the live lane.
    /// </summary>
    public static bool TravelsInAlarmLane(AlertSeverity severity) => severity >= AlertSeverity.Medium;

    private static string[] Build(string format) =>
        [.. VitalCatalog.All.Select(v => string.Format(System.Globalization.CultureInfo.InvariantCulture, format, v.Key))];
}
