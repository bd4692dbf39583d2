using System.Text.Json;
using Edge.Analytics.Model;
using Edge.Core;

namespace Edge.Analytics.Offline;

/// <summary>
/// Runs the analytics offline over a JSON-lines file of observations and writes JSON lines of scores, alerts and
/// data-quality events: exactly the engine the service runs, with time taken from the observations
/// (<see cref="AnalyticsEngine.Sweep"/> is called as each minute passes). This is the entry point of
/// <c>edgectl analyze</c>. Not thread-safe; one call at a time per writer.
/// </summary>
/// <remarks>
/// <para><b>Input</b>, one JSON object per line, in time order (blank lines are skipped):</para>
/// <code>{"time":"2026-01-05T08:00:05Z","patient":"p-1","device":"oxi-1","kind":"spo2","value":97,"flags":["LowPerfusion"]}</code>
/// <para>
/// <c>kind</c> is a <see cref="VitalCatalog"/> key; <c>flags</c> (optional) are <see cref="QualityIssues"/> names;
/// <c>id</c> (optional) is the reading's GUID, otherwise one is derived from the line number so reruns are identical.
/// A line that cannot be read yields an <c>error</c> line naming the line number and the problem, never its content.
/// </para>
/// <para><b>Output</b> lines, each with a <c>type</c>:</para>
/// <list type="bullet">
/// <item><c>news2</c>: time, patient, total, band, partial, missing — after every scored NEWS2 input.</item>
/// <item><c>minute</c>: patient, minute, z per channel (null = missing), model score, model newest-minute error per
/// channel relative to its threshold, flagged.</item>
/// <item><c>alert</c>: id, time, patient, code, severity, score, trigger.</item>
/// <item><c>data_quality</c>: id, time, patient, device, kind, reason, trigger.</item>
/// <item><c>error</c>: line, error.</item>
/// <item><c>summary</c> (last): counts, and the analytics status (degraded or not, model version).</item>
/// </list>
/// </remarks>
public static class OfflineAnalysis
{
    /// <summary>Analyses <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <param name="input">JSON lines of observations.</param>
    /// <param name="output">Receives JSON lines.</param>
    /// <param name="options">Engine settings; <see cref="AnalyticsOptions.EmitMinuteScores"/> is forced on for this run.</param>
    /// <param name="scorer">The model, or <see langword="null"/> to load it from <see cref="AnalyticsOptions.ModelPath"/>.</param>
    /// <param name="cancellationToken">Stops between lines.</param>
    /// <returns>The summary that was also written as the last line.</returns>
    public static async Task<OfflineSummary> RunAsync(
        TextReader input,
        TextWriter output,
        AnalyticsOptions options,
        IAnomalyScorer? scorer = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        options.EmitMinuteScores = true;
        using var engine = scorer is null ? new AnalyticsEngine(options) : new AnalyticsEngine(options, scorer);
        var counts = new Counts();
        DateTimeOffset? nextSweep = null;
        var lineNumber = 0;
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (!TryParse(line, lineNumber, out var reading, out var error))
            {
                counts.Errors++;
                await WriteAsync(output, w =>
                {
                    w.WriteString("type", "error");
                    w.WriteNumber("line", lineNumber);
                    w.WriteString("error", error);
                });
                continue;
            }

            counts.Readings++;
            var minuteStart = new DateTimeOffset(reading!.GatewayTime.UtcTicks - (reading.GatewayTime.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
            nextSweep ??= minuteStart.AddMinutes(1);
            while (reading.GatewayTime >= nextSweep)
            {
                await WriteOutcomeAsync(output, engine.Sweep(nextSweep.Value), null, counts);
                nextSweep = nextSweep.Value.AddMinutes(1);
            }

            await WriteOutcomeAsync(output, engine.Process(reading), reading, counts);
        }

        var summary = new OfflineSummary(counts.Readings, counts.Errors, counts.Alerts, counts.DataQuality, counts.Minutes, engine.Status);
        await WriteAsync(output, w =>
        {
            w.WriteString("type", "summary");
            w.WriteNumber("readings", summary.Readings);
            w.WriteNumber("errors", summary.Errors);
            w.WriteNumber("alerts", summary.Alerts);
            w.WriteNumber("data_quality_events", summary.DataQualityEvents);
            w.WriteNumber("minutes", summary.Minutes);
            w.WriteBoolean("degraded", summary.Status.Degraded);
            w.WriteString("degraded_reason", summary.Status.Reason);
            w.WriteString("model_version", summary.Status.ModelVersion);
        });
        await output.FlushAsync(cancellationToken);
        return summary;
    }

    private static async Task WriteOutcomeAsync(TextWriter output, AnalyticsOutcome outcome, Reading? reading, Counts counts)
    {
        if (outcome.News2 is { } news2 && reading is not null)
        {
            await WriteAsync(output, w =>
            {
                w.WriteString("type", "news2");
                w.WriteString("time", reading.GatewayTime);
                w.WriteString("patient", reading.PatientId);
                w.WriteNumber("total", news2.Total);
                w.WriteString("band", news2.RiskBand.ToString());
                w.WriteBoolean("partial", news2.IsPartial);
                w.WriteString("missing", news2.Missing.ToString());
            });
        }

        foreach (var score in outcome.Scores)
        {
            counts.Minutes++;
            await WriteAsync(output, w =>
            {
                w.WriteString("type", "minute");
                w.WriteString("patient", score.PatientId);
                w.WriteString("minute", score.Minute);
                w.WriteStartObject("z");
                for (var c = 0; c < ModelChannels.Count; c++)
                {
                    if (score.Z[c] is { } z) w.WriteNumber(ModelChannels.Keys[c], Math.Round(z, 3));
                    else w.WriteNull(ModelChannels.Keys[c]);
                }

                w.WriteEndObject();
                if (score.ModelScore is { } m) w.WriteNumber("model_score", Math.Round(m, 5));
                else w.WriteNull("model_score");
                if (score.ModelLast is { } last)
                {
                    w.WriteStartObject("model_last_vs_threshold");
                    for (var c = 0; c < ModelChannels.Count; c++)
                    {
                        w.WriteNumber(ModelChannels.Keys[c], Math.Round(last[c], 4));
                    }

                    w.WriteEndObject();
                }

                w.WriteBoolean("flagged", score.Flagged);
            });
        }

        foreach (var alert in outcome.Alerts)
        {
            counts.Alerts++;
            await WriteAsync(output, w =>
            {
                w.WriteString("type", "alert");
                w.WriteString("id", alert.Id);
                w.WriteString("time", alert.RaisedAt);
                w.WriteString("patient", alert.PatientId);
                w.WriteString("code", alert.Code);
                w.WriteString("severity", alert.Severity.ToString());
                if (alert.Score is { } s) w.WriteNumber("score", s);
                w.WriteString("trigger", alert.TriggerReadingId);
            });
        }

        foreach (var e in outcome.DataQualityEvents)
        {
            counts.DataQuality++;
            await WriteAsync(output, w =>
            {
                w.WriteString("type", "data_quality");
                w.WriteString("id", e.Id);
                w.WriteString("time", e.At);
                w.WriteString("patient", e.PatientId);
                w.WriteString("device", e.DeviceId);
                w.WriteString("kind", VitalCatalog.Get(e.Kind).Key);
                w.WriteString("reason", e.Reason.ToString());
                w.WriteString("trigger", e.TriggerReadingId);
            });
        }
    }

    private static async Task WriteAsync(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static bool TryParse(string line, int lineNumber, out Reading? reading, out string error)
    {
        reading = null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "not a JSON object";
                return false;
            }

            if (!root.TryGetProperty("time", out var time) || !time.TryGetDateTimeOffset(out var at))
            {
                error = "missing or invalid 'time'";
                return false;
            }

            if (!root.TryGetProperty("patient", out var patient) || patient.GetString() is not { Length: > 0 } patientId)
            {
                error = "missing 'patient'";
                return false;
            }

            var deviceId = root.TryGetProperty("device", out var device) && device.GetString() is { Length: > 0 } d ? d : "offline";
            if (!root.TryGetProperty("kind", out var kindElement) || VitalCatalog.All.FirstOrDefault(v => v.Key == kindElement.GetString()) is not { } info)
            {
                error = "missing or unknown 'kind'";
                return false;
            }

            if (!root.TryGetProperty("value", out var valueElement) || valueElement.ValueKind != JsonValueKind.Number)
            {
                error = "missing or non-numeric 'value'";
                return false;
            }

            var flags = QualityIssues.None;
            if (root.TryGetProperty("flags", out var flagsElement) && flagsElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var f in flagsElement.EnumerateArray())
                {
                    if (!Enum.TryParse<QualityIssues>(f.GetString(), ignoreCase: true, out var flag))
                    {
                        error = "unknown flag in 'flags'";
                        return false;
                    }

                    flags |= flag;
                }
            }

            var id = root.TryGetProperty("id", out var idElement) && idElement.TryGetGuid(out var g)
                ? g
                : new Guid(lineNumber, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]);
            reading = new Reading(id, deviceId, lineNumber, patientId, info.Kind, valueElement.GetDouble(), null, at, ClockTrust.Trusted, flags);
            error = string.Empty;
            return true;
        }
        catch (JsonException)
        {
            error = "not valid JSON";
            return false;
        }
        catch (InvalidOperationException)
        {
            error = "a field has the wrong JSON type";
            return false;
        }
    }

    private sealed class Counts
    {
        public int Readings;
        public int Errors;
        public int Alerts;
        public int DataQuality;
        public int Minutes;
    }
}
