using Edge.Core;
using Edge.Sync.Outbox;

namespace Edge.Sync.Tests;

/// <summary>Synthetic readings and alerts; no real patient data.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static OutboxItem Reading(string device, long seq, double value = 72, VitalKind kind = VitalKind.HeartRate) =>
        OutboxItem.ForReading(new Reading(
            Guid.CreateVersion7(T0.AddSeconds(seq)),
            device,
            seq,
            "pt-test-01",
            kind,
            value,
            T0.AddSeconds(seq).ToOffset(TimeSpan.FromHours(1)),
            T0.AddSeconds(seq),
            ClockTrust.Trusted,
            QualityIssues.None));

    public static OutboxItem AlertItem(long n) =>
        OutboxItem.ForAlert(new Alert(Guid.CreateVersion7(T0.AddSeconds(n)), "pt-test-01", "news2.high", AlertSeverity.High, 7, T0.AddSeconds(n), Guid.CreateVersion7(T0)));

    public static List<OutboxItem> Readings(string device, int count, long firstSeq = 1) =>
        Enumerable.Range(0, count).Select(i => Reading(device, firstSeq + i, 60 + (i % 40))).ToList();
}
