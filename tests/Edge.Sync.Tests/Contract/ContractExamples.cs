using Edge.Core;
using Edge.Sync.Outbox;
using Edge.Sync.Wire;

namespace Edge.Sync.Tests.Contract;

/// <summary>The fixed, synthetic items behind the example payloads in docs/wire/examples.</summary>
internal static class ContractExamples
{
    public static readonly DateTimeOffset SentAt = new(2026, 11, 25, 10, 0, 5, 250, TimeSpan.Zero);

    public static readonly SiteOptions Site = new() { Tenant = "acme", Site = "home-0042", Gateway = "gw-0042" };

    private static readonly DateTimeOffset Measured = new(2026, 11, 25, 10, 0, 3, 120, TimeSpan.Zero);

    /// <summary>Vitals as sent to a destination that gets everything, plus one to a pseudonymising, field-dropping one.</summary>
    public static List<WireItem> Vitals() =>
    [
        new(OutboxItem.ForReading(new Reading(
            Guid.Parse("019ab8f2-4a10-7c3e-9d21-5b7e0c1a2f01"), "vdev-7f3k2q", 18344, "pt-8c1d0e", VitalKind.HeartRate, 71,
            Measured.AddMilliseconds(-2120).ToOffset(TimeSpan.FromHours(1)), Measured, ClockTrust.Trusted, QualityIssues.None)), WireFields.None),
        new(OutboxItem.ForReading(new Reading(
            Guid.Parse("019ab8f2-4a10-7c3e-9d21-5b7e0c1a2f02"), "vdev-9x1m4p", 5120, "pt-8c1d0e", VitalKind.SpO2, 93,
            null, Measured, ClockTrust.Trusted, QualityIssues.LowPerfusion | QualityIssues.Artefact)), WireFields.None),

        // After residency: pseudonymised ids, time truncated to the minute, device time and clock dropped.
        new(OutboxItem.ForReading(new Reading(
            Guid.Parse("019ab8f2-4a10-7c3e-9d21-5b7e0c1a2f03"), "ps_Qm9Pq2Vx7TnY3kZ1", 912, "ps_Hk2Lw8Rt5Ub1Nc0a", VitalKind.SystolicBloodPressure, 128,
            null, new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), ClockTrust.Untrusted, QualityIssues.GatewayClockUntrusted)),
            WireFields.DeviceTime | WireFields.Clock),
    ];

    public static List<WireItem> Alerts() =>
    [
        new(OutboxItem.ForAlert(new Alert(
            Guid.Parse("019ab8f2-4a11-7000-8000-00000000a1e7"), "pt-8c1d0e", "news2.high", AlertSeverity.High, 7,
            Measured.AddMilliseconds(40), Guid.Parse("019ab8f2-4a10-7c3e-9d21-5b7e0c1a2f02"))), WireFields.None),
    ];
}
