using Edge.Core;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Analytics.Tests;

/// <summary>
/// Makes synthetic readings for one patient, stamped from a <see cref="FakeTimeProvider"/> the test advances by hand.
/// </summary>
internal sealed class PatientFeed(string patientId, FakeTimeProvider clock)
{
    private long _seq;

    public string PatientId { get; } = patientId;

    public DateTimeOffset Now => clock.GetUtcNow();

    public Reading Reading(VitalKind kind, double value, QualityIssues flags = QualityIssues.None)
    {
        var at = clock.GetUtcNow();
        return new Reading(
            Guid.CreateVersion7(at),
            "device-1",
            ++_seq,
            PatientId,
            kind,
            value,
            DeviceTime: null,
            GatewayTime: at,
            ClockTrust.Trusted,
            flags);
    }

    /// <summary>Feeds a full set of normal vitals (NEWS2 0 on every input a reading can carry).</summary>
    public void FeedNormal(AnalyticsEngine engine)
    {
        engine.Process(Reading(VitalKind.RespiratoryRate, 16));
        engine.Process(Reading(VitalKind.SpO2, 97));
        engine.Process(Reading(VitalKind.SystolicBloodPressure, 120));
        engine.Process(Reading(VitalKind.HeartRate, 70));
        engine.Process(Reading(VitalKind.BodyTemperature, 37.0));
    }
}
