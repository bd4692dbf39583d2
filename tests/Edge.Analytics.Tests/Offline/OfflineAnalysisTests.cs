using System.Text;
using System.Text.Json;
using Edge.Analytics.Evaluation;
using Edge.Analytics.Model;
using Edge.Analytics.Offline;
using Edge.Core;

namespace Edge.Analytics.Tests.Offline;

public sealed class OfflineAnalysisTests : IDisposable
{
    private readonly OnnxAnomalyScorer _scorer = OnnxAnomalyScorer.Load(ModelFiles.ModelPath, maxBatch: 1);

    public void Dispose() => _scorer.Dispose();

    private static string Observations(SyntheticPatient patient)
    {
        var sb = new StringBuilder();
        foreach (var r in patient.Readings)
        {
            var flags = r.Flags == QualityIssues.None ? string.Empty : $",\"flags\":[\"{r.Flags}\"]";
            sb.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{{\"time\":\"{r.GatewayTime:O}\",\"patient\":\"{r.PatientId}\",\"device\":\"{r.DeviceId}\",\"kind\":\"{VitalCatalog.Get(r.Kind).Key}\",\"value\":{r.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}{flags}}}\n");
        }

        return sb.ToString();
    }

    private async Task<(OfflineSummary Summary, List<JsonElement> Lines)> RunAsync(string input)
    {
        using var reader = new StringReader(input);
        using var writer = new StringWriter();
        var summary = await OfflineAnalysis.RunAsync(reader, writer, new AnalyticsOptions(), _scorer);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        return (summary, lines);
    }

    [Fact]
    public async Task RunAsync_SyntheticPatient_WritesScoresAlertsAndASummaryAndMatchesTheLiveEngine()
    {
        var patient = SyntheticCohort.Generate(new CohortOptions { Seed = 5, Patients = 1, Days = 2, ClinicalPerDay = 1, ArtefactPerDay = 1 }, 0);

        var (summary, lines) = await RunAsync(Observations(patient));

        var types = lines.GroupBy(l => l.GetProperty("type").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(patient.Readings.Count, summary.Readings);
        Assert.Equal(0, summary.Errors);
        Assert.True(types["news2"] > 1000, $"news2 lines: {types["news2"]}");
        Assert.True(types["minute"] > 2000, $"minute lines: {types["minute"]}");
        Assert.True(types.GetValueOrDefault("alert") > 0, "no alert lines");
        Assert.True(types.GetValueOrDefault("data_quality") > 0, "no data-quality lines");
        Assert.Equal("summary", lines[^1].GetProperty("type").GetString());
        Assert.False(lines[^1].GetProperty("degraded").GetBoolean());
        Assert.Contains(lines, l => l.GetProperty("type").GetString() == "minute" && l.GetProperty("model_score").ValueKind == JsonValueKind.Number);

        // The same readings through the live engine, with a sweep each minute, raise the same alerts.
        using var engine = new AnalyticsEngine(new AnalyticsOptions(), _scorer);
        var live = new List<string>();
        var nextSweep = new DateTimeOffset(2026, 1, 5, 0, 1, 0, TimeSpan.Zero);
        foreach (var r in patient.Readings)
        {
            while (r.GatewayTime >= nextSweep)
            {
                live.AddRange(engine.Sweep(nextSweep).Alerts.Select(a => $"{a.Code}@{a.RaisedAt:O}"));
                nextSweep = nextSweep.AddMinutes(1);
            }

            live.AddRange(engine.Process(r).Alerts.Select(a => $"{a.Code}@{a.RaisedAt:O}"));
        }

        var offline = lines.Where(l => l.GetProperty("type").GetString() == "alert")
            .Select(l => $"{l.GetProperty("code").GetString()}@{l.GetProperty("time").GetDateTimeOffset():O}").ToList();
        Assert.Equal(live, offline);
    }

    [Fact]
    public async Task RunAsync_SameInputTwice_GivesIdenticalOutputExceptAlertIds()
    {
        var input = Observations(SyntheticCohort.Generate(new CohortOptions { Seed = 6, Patients = 1, Days = 2, ClinicalPerDay = 1 }, 0));

        var (_, first) = await RunAsync(input);
        var (_, second) = await RunAsync(input);

        static string Strip(JsonElement e) => e.GetProperty("type").GetString() switch
        {
            "alert" => $"{e.GetProperty("code")}@{e.GetProperty("time")}",
            "data_quality" => $"{e.GetProperty("reason")}@{e.GetProperty("time")}",
            _ => e.GetRawText(),
        };
        Assert.Equal(first.Count, second.Count);
        Assert.Equal(first.Select(Strip), second.Select(Strip));
    }

    [Fact]
    public async Task RunAsync_BadLines_AreReportedByNumberWithoutTheirContent()
    {
        var input = """
            {"time":"2026-01-05T08:00:05Z","patient":"p-1","device":"oxi","kind":"spo2","value":97}
            not json at all, patient p-secret value 42
            {"time":"2026-01-05T08:01:05Z","patient":"p-secret","device":"oxi","kind":"blood_magic","value":42}
            {"time":"2026-01-05T08:01:06Z","patient":"p-secret","device":"oxi","kind":"spo2","value":"42"}

            {"time":"2026-01-05T08:02:05Z","patient":"p-1","device":"oxi","kind":"spo2","value":96,"flags":["LowPerfusion"]}
            """;

        var (summary, lines) = await RunAsync(input);

        var errors = lines.Where(l => l.GetProperty("type").GetString() == "error").ToList();
        Assert.Equal([2, 3, 4], errors.Select(e => e.GetProperty("line").GetInt32()));
        Assert.Equal(3, summary.Errors);
        Assert.Equal(2, summary.Readings);
        Assert.Equal(1, summary.DataQualityEvents);
        Assert.All(errors, e => Assert.DoesNotContain("secret", e.GetRawText(), StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain("42", e.GetRawText(), StringComparison.Ordinal));
    }
}
