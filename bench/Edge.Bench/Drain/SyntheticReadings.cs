using System.Globalization;
using Edge.Core;
using Edge.Sync.Outbox;

namespace Edge.Bench.Drain;

/// <summary>
/// Readings as a small ward produces them: 6 devices shared by 3 patients (device d belongs to patient d mod 3), one
/// reading per device per simulated second, cycling heart rate, SpO2 and respiratory rate. Made one append batch at a
/// time so the filled store, not a million objects in memory, is what the drain starts from.
/// </summary>
internal static class SyntheticReadings
{
    public const int Devices = 6;
    public const int Patients = 3;

    private static readonly VitalKind[] Kinds = [VitalKind.HeartRate, VitalKind.SpO2, VitalKind.RespiratoryRate];

    /// <summary>Readings <paramref name="first"/> .. first + count - 1, measured from <paramref name="start"/> on.</summary>
    public static List<OutboxItem> Batch(int first, int count, DateTimeOffset start)
    {
        var items = new List<OutboxItem>(count);
        for (var n = first; n < first + count; n++)
        {
            var device = n % Devices;
            var tick = n / Devices;
            var at = start.AddSeconds(tick);
            var kind = Kinds[tick % Kinds.Length];
            var value = kind switch
            {
                VitalKind.SpO2 => 94 + (n % 6),
                VitalKind.RespiratoryRate => 12 + (n % 9),
                _ => 60 + (n % 40),
            };
            items.Add(OutboxItem.ForReading(new Reading(
                Guid.CreateVersion7(at),
                string.Create(CultureInfo.InvariantCulture, $"bench-dev-{device}"),
                tick + 1,
                string.Create(CultureInfo.InvariantCulture, $"pt-bench-{device % Patients}"),
                kind,
                value,
                null,
                at,
                ClockTrust.Trusted,
                QualityIssues.None)));
        }

        return items;
    }
}
