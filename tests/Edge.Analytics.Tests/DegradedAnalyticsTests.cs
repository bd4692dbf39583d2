using System.Diagnostics.Metrics;
using Edge.Analytics.Model;
using Edge.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Analytics.Tests;

public sealed class DegradedAnalyticsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Constructor_DefaultOptions_LoadsTheShippedModel()
    {
        using var engine = new AnalyticsEngine(new AnalyticsOptions());

        Assert.False(engine.Status.Degraded);
        Assert.Equal("1.0.0", engine.Status.ModelVersion);
    }

    [Fact]
    public void Constructor_ModelFileMissing_RunsDegradedAndRulesStillAlert()
    {
        using var engine = new AnalyticsEngine(new AnalyticsOptions { ModelPath = "/nonexistent/model.onnx", RecheckReadings = 2, RecheckStreamSpan = TimeSpan.Zero });
        var feed = new PatientFeed("patient-d", _clock);

        engine.Process(feed.Reading(VitalKind.SpO2, 89));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var outcome = engine.Process(feed.Reading(VitalKind.SpO2, 89));

        Assert.True(engine.Status.Degraded);
        Assert.Contains("missing", engine.Status.Reason, StringComparison.Ordinal);
        Assert.Contains(outcome.Alerts, a => a.Code == "limit.spo2.low");
    }

    [Fact]
    public void Constructor_ModelFileCorrupt_RunsDegraded()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0x08, 0x08, 0xFF, 0x00, 0x13]);
            using var engine = new AnalyticsEngine(new AnalyticsOptions { ModelPath = path });

            Assert.True(engine.Status.Degraded);
            Assert.Equal("the anomaly model could not be loaded", engine.Status.Reason);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Process_ModelFailsWhileScoring_SwitchesToDegradedAndKeepsGoing()
    {
        var scorer = OnnxAnomalyScorer.Load(ModelFiles.ModelPath, maxBatch: 1);
        using var engine = new AnalyticsEngine(new AnalyticsOptions { Baseline = { Period = TimeSpan.FromHours(1), MinMinutes = 30 } }, scorer);
        var feed = new PatientFeed("patient-d", _clock);
        for (var i = 0; i < 90; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            engine.Process(feed.Reading(VitalKind.PulseRate, 70 + (i % 3)));
        }

        Assert.False(engine.Status.Degraded);
        scorer.Dispose();
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(ReadingUse.Scored, engine.Process(feed.Reading(VitalKind.PulseRate, 70 + (i % 3))).Use);
        }

        Assert.True(engine.Status.Degraded);
        Assert.Equal("the anomaly model failed while scoring", engine.Status.Reason);
    }

    [Fact]
    public void Metrics_DegradedGaugeIsOneWithoutAModelAndCountersCarryNoPatientId()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var measurements = new List<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Edge.Analytics")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => measurements.Add((i.Name, v, string.Empty)));
        listener.Start();

        using var engine = new AnalyticsEngine(new AnalyticsOptions { ModelPath = string.Empty }, logger: null, meterFactory: factory);
        var feed = new PatientFeed("patient-secret-9", _clock);
        engine.Process(feed.Reading(VitalKind.SpO2, 97));
        engine.Process(feed.Reading(VitalKind.SpO2, 0, QualityIssues.SensorContactLost));
        listener.RecordObservableInstruments();

        Assert.Contains(measurements, m => m.Instrument == "edge.analytics.degraded" && m.Value == 1);
        Assert.Contains(measurements, m => m.Instrument == "edge.analytics.readings" && m.Tags == "use=scored");
        Assert.Contains(measurements, m => m.Instrument == "edge.analytics.data_quality_events" && m.Tags == "reason=sensor_off");
        Assert.DoesNotContain(measurements, m => m.Tags.Contains("patient", StringComparison.Ordinal) || m.Tags.Contains("97", StringComparison.Ordinal));
    }
}
