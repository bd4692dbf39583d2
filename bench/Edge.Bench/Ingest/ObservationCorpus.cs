using System.Globalization;
using Edge.Core;
using Edge.Drivers.Simulator;
using Edge.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Edge.Bench.Ingest;

/// <summary>
/// The observations the pipeline replays, made by the real <see cref="SimulatorSource"/> (raw strap and Rad-8 bytes
/// through the real parsers) before any timing starts, plus the pairing configuration that binds every simulated
/// device to a patient.
/// </summary>
internal sealed record ObservationCorpus(IReadOnlyList<Observation> Observations, PatientsOptions Patients, int Ticks)
{
    /// <summary>First tick of the simulated day; any fixed instant would do.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    public static async Task<ObservationCorpus> GenerateAsync(int count, int patients)
    {
        // A patient yields 3 to 5 observations a tick (strap HR + RR; oximeter SpO2 + PR + PI, or only PI when the
        // probe is off), so count / (3 * patients) ticks always suffice; the surplus is cut off below.
        var ticks = (count / (3 * patients)) + 2;
        var options = Options.Create(new SimulatorOptions
        {
            Patients = patients,
            IntervalMs = 0,
            Seed = 42,
            ReadingsPerDevice = ticks,
        });
        var source = new SimulatorSource(options, new SteppingTimeProvider(Start, TimeSpan.FromSeconds(1)));
        var observations = new List<Observation>(count);
        await foreach (var observation in source.ReadAllAsync(CancellationToken.None))
        {
            observations.Add(observation);
            if (observations.Count == count)
            {
                break;
            }
        }

        if (observations.Count < count)
        {
            throw new InvalidOperationException($"The simulator produced only {observations.Count} observations.");
        }

        var usedTicks = (int)((observations[^1].ReceivedAt - Start).Ticks / TimeSpan.TicksPerSecond) + 1;
        return new ObservationCorpus(observations, Pairing(patients), usedTicks);
    }

    /// <summary>Share of each vital in the corpus, most frequent first.</summary>
    public IEnumerable<(VitalKind Kind, double Share)> Mix() =>
        Observations.GroupBy(o => o.Kind)
            .Select(g => (g.Key, (double)g.Count() / Observations.Count))
            .OrderByDescending(x => x.Item2);

    /// <summary>Observations carrying at least one quality flag.</summary>
    public int Flagged => Observations.Count(o => o.Flags != QualityIssues.None);

    private static PatientsOptions Pairing(int patients)
    {
        var result = new PatientsOptions();
        for (var i = 0; i < patients; i++)
        {
            var patient = new PatientOptions { Id = string.Create(CultureInfo.InvariantCulture, $"pt-{i:D3}") };
            patient.Devices.Add(new DeviceBindingOptions
            {
                Source = SimulatorSource.StrapAddress(i),
                DeviceId = string.Create(CultureInfo.InvariantCulture, $"hrm-{i:D3}"),
            });
            patient.Devices.Add(new DeviceBindingOptions
            {
                Source = SimulatorSource.OximeterPort(i),
                DeviceId = string.Create(CultureInfo.InvariantCulture, $"oxi-{i:D3}"),
            });
            result.Patients.Add(patient);
        }

        return result;
    }
}
