using Edge.Core;

namespace Edge.Analytics.Evaluation;

/// <summary>
/// A seeded generator of synthetic patient-days with labelled episodes (reference analytics.md §4.2), the C# port of
/// <c>analytics/training/synth.py</c> plus the episodes. Thread-safe (stateless); deterministic for a given
/// <see cref="CohortOptions"/>. <b>Synthetic data validates plumbing and relative choices, not clinical performance.</b>
/// </summary>
/// <remarks>
/// <para>
/// Per patient: baselines HR N(72, 8), SpO2 min(99, N(97, 1)), RR N(15, 2), T N(36.7, 0.2), SBP/DBP N(125, 12)/N(78, 7),
/// truncated to an enrolment range inside the NEWS2 0-bands (see the code);
/// AR(1) noise per minute; a circadian cosine peaking at 16:30; whole-number rounding as devices report. Devices: an
/// oximeter (pulse rate and SpO2 every minute), a patch (RR every minute, temperature every 5 min; 85 % / 80 % of
/// patients), a cuff (SBP/DBP as a pair of readings a minute apart every
/// <see cref="CohortOptions.CuffEveryMinutes"/>; 75 %) and a scale (weight every morning). Samples are lost at random
/// at <see cref="CohortOptions.Missingness"/>.
/// </para>
/// <para>
/// Day 0 is clean (the baseline period). Each later day gets, in separate 8-hour slots in random order, one clinical
/// episode (10–60 min, 5-min onset ramp; fever 15 min), one artefact episode (10–60 min: 30 % of minutes corrupted
/// by HR ± N(0, 40) and SpO2 − U(0, 20), 40 % of those flagged by the device, 30 % of samples empty) and one oximeter
/// dropout (60–180 min), each with its configured chance. Fever episodes go only to patients with a thermometer and
/// hypotension only to patients with a cuff.
/// </para>
/// </remarks>
public static class SyntheticCohort
{
    private const string Oximeter = "oxi", Patch = "patch", Cuff = "cuff", Scale = "scale";

    /// <summary>Generates patient <paramref name="index"/> (0-based) of the cohort.</summary>
    public static SyntheticPatient Generate(CohortOptions options, int index)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rng = new Random(unchecked((options.Seed * 1_000_003) + index));
        var id = "synthetic-" + index.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        var p = new Physiology(rng);
        var episodes = PlaceEpisodes(options, rng, id, p);
        var readings = new List<Reading>(options.Days * 1440 * 4);
        long seq = 0;
        var minutes = options.Days * 1440;
        Span<double> state = stackalloc double[6];
        for (var v = 0; v < 6; v++)
        {
            state[v] = Normal(rng) * Physiology.Sigma[v] / Math.Sqrt(1 - (Physiology.Phi[v] * Physiology.Phi[v]));
        }

        var weight = p.Weight;
        var episodeIndex = 0;
        for (var m = 0; m < minutes; m++)
        {
            var t = options.Start.AddMinutes(m);
            var hour = (m % 1440) / 60.0;
            var circ = Math.Cos(2 * Math.PI * (hour - 16.5) / 24.0);
            for (var v = 0; v < 6; v++)
            {
                state[v] = (Physiology.Phi[v] * state[v]) + (Normal(rng) * Physiology.Sigma[v]);
            }

            var hr = p.Mean[0] + (p.Amp[0] * circ) + state[0];
            var spo2 = p.Mean[1] + state[1];
            var rr = p.Mean[2] + (p.Amp[2] * circ) + state[2];
            var temp = p.Mean[3] + (p.Amp[3] * circ) + state[3];
            var sbp = p.Mean[4] + (p.Amp[4] * circ) + state[4];
            var dbp = p.Mean[5] + (p.Amp[5] * circ) + state[5];

            while (episodeIndex < episodes.Count && episodes[episodeIndex].End <= t)
            {
                episodeIndex++;
            }

            var active = episodeIndex < episodes.Count && episodes[episodeIndex].Start <= t ? episodes[episodeIndex] : null;
            var artefactMinute = false;
            var flagged = false;
            if (active is not null)
            {
                var e = active;
                var ramp = e.Kind == EpisodeKind.Fever ? 15.0 : 5.0;
                var f = Math.Min(1, ((t - e.Start).TotalMinutes + 1) / ramp);
                var size = EpisodeSize(options, index, e);
                switch (e.Kind)
                {
                    case EpisodeKind.Desaturation: spo2 -= f * (8 + (4 * size)); rr += f * 6; hr += f * 12; break;
                    case EpisodeKind.Tachycardia: hr += f * (45 + (30 * size)); break;
                    case EpisodeKind.Bradycardia: hr += f * (35 + (10 * size) - p.Mean[0]); break;
                    case EpisodeKind.Fever: temp += f * (1.8 + (0.8 * size)); hr += f * 15; rr += f * 3; break;
                    case EpisodeKind.Hypotension: sbp += f * (75 + (15 * size) - p.Mean[4]); dbp -= f * 15; hr += f * 20; break;
                    case EpisodeKind.Artefact:
                        if (rng.NextDouble() < 0.3)
                        {
                            artefactMinute = true;
                            hr += Normal(rng) * 40;
                            spo2 -= rng.NextDouble() * 20;
                            flagged = rng.NextDouble() < 0.4;
                        }

                        break;
                }
            }

            var oximeterOn = active?.Kind != EpisodeKind.Dropout;
            var missing = options.Missingness;
            if (oximeterOn)
            {
                var flags = flagged ? (rng.NextDouble() < 0.5 ? QualityIssues.Artefact : QualityIssues.LowPerfusion) : QualityIssues.None;
                if (artefactMinute && rng.NextDouble() < 0.3)
                {
                    // An empty sample: the oximeter searches (flagged) or drops the value.
                    if (rng.NextDouble() < 0.5)
                    {
                        Emit(VitalKind.PulseRate, 0, Oximeter, t.AddSeconds(5), QualityIssues.Searching);
                        Emit(VitalKind.SpO2, 0, Oximeter, t.AddSeconds(5), QualityIssues.Searching);
                    }
                }
                else
                {
                    if (rng.NextDouble() >= missing) Emit(VitalKind.PulseRate, Math.Round(hr), Oximeter, t.AddSeconds(5), flags);
                    if (rng.NextDouble() >= missing) Emit(VitalKind.SpO2, Math.Min(100, Math.Round(spo2)), Oximeter, t.AddSeconds(5), flags);
                }
            }

            if (p.HasRespiration && rng.NextDouble() >= missing) Emit(VitalKind.RespiratoryRate, Math.Round(rr), Patch, t.AddSeconds(20), QualityIssues.None);
            if (p.HasTemperature && m % 5 == 0 && rng.NextDouble() >= missing) Emit(VitalKind.BodyTemperature, Math.Round(temp, 1), Patch, t.AddSeconds(20), QualityIssues.None);
            // A cuff session is a pair of readings a minute apart (home BP protocols); each reading can be lost.
            if (p.HasCuff && m % options.CuffEveryMinutes <= 1 && rng.NextDouble() >= missing)
            {
                Emit(VitalKind.SystolicBloodPressure, Math.Round(sbp), Cuff, t.AddSeconds(40), QualityIssues.None);
                Emit(VitalKind.DiastolicBloodPressure, Math.Round(dbp), Cuff, t.AddSeconds(40), QualityIssues.None);
            }

            if (m % 1440 == 450)
            {
                // Morning weight, 07:30: a day-to-day wobble of ~0.3 kg around a slowly wandering level.
                weight += Normal(rng) * 0.1;
                Emit(VitalKind.BodyWeight, Math.Round(weight + (Normal(rng) * 0.3), 1), Scale, t.AddSeconds(50), QualityIssues.None);
            }
        }

        readings.Sort((a, b) => a.GatewayTime.CompareTo(b.GatewayTime));
        return new SyntheticPatient(id, readings, episodes);

        void Emit(VitalKind kind, double value, string device, DateTimeOffset at, QualityIssues flags)
        {
            seq++;
            var rid = new Guid(index, (short)(seq >> 32), (short)(seq >> 16), BitConverter.GetBytes(seq));
            readings.Add(new Reading(rid, device, seq, id, kind, value, null, at, ClockTrust.Trusted, flags));
        }
    }

    private static double EpisodeSize(CohortOptions options, int index, Episode e) =>
        // A per-episode draw that does not disturb the main stream of random numbers.
        new Random(unchecked((options.Seed * 31) + (index * 7919) + (int)(e.Start.ToUnixTimeSeconds() / 60))).NextDouble();

    private static List<Episode> PlaceEpisodes(CohortOptions options, Random rng, string id, Physiology p)
    {
        var episodes = new List<Episode>();
        for (var day = 1; day < options.Days; day++)
        {
            var slots = new[] { 0, 1, 2 };
            rng.Shuffle(slots);
            var dayStart = options.Start.AddDays(day);
            void Place(int slot, EpisodeKind kind, int minMinutes, int maxMinutes)
            {
                var length = rng.Next(minMinutes, maxMinutes + 1);
                // Keep clear of the slot edges so episodes never touch each other's grace periods.
                var offset = rng.Next(60, (8 * 60) - length - 60);
                var start = dayStart.AddMinutes((slot * 8 * 60) + offset);
                episodes.Add(new Episode(id, kind, start, start.AddMinutes(length)));
            }

            if (rng.NextDouble() < options.ClinicalPerDay)
            {
                // A patient is only monitored for what their kit measures: no fever episodes without a thermometer,
                // no hypotension without a cuff (their heart-rate signature alone would measure device coverage).
                var kind = (EpisodeKind)rng.Next(0, 5);
                while ((kind == EpisodeKind.Fever && !p.HasTemperature) || (kind == EpisodeKind.Hypotension && !p.HasCuff))
                {
                    kind = (EpisodeKind)rng.Next(0, 5);
                }

                Place(slots[0], kind, 10, 60);
            }
            if (rng.NextDouble() < options.ArtefactPerDay) Place(slots[1], EpisodeKind.Artefact, 10, 60);
            if (rng.NextDouble() < options.DropoutPerDay) Place(slots[2], EpisodeKind.Dropout, 60, 180);
        }

        episodes.Sort((a, b) => a.Start.CompareTo(b.Start));
        return episodes;
    }

    private static double Truncated(Random rng, double mean, double sd, double min, double max)
    {
        while (true)
        {
            var x = mean + (sd * Normal(rng));
            if (x >= min && x <= max)
            {
                return x;
            }
        }
    }

    private static double Normal(Random rng)
    {
        // Box–Muller; 1 - NextDouble() is in (0, 1], so the log is finite.
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private sealed class Physiology
    {
        public static readonly double[] Phi = [0.9, 0.8, 0.8, 0.98, 0.9, 0.9];
        public static readonly double[] Sigma = [2.0, 0.5, 0.8, 0.02, 3.0, 2.0];

        public Physiology(Random rng)
        {
            // Enrolment: the default limits are evaluated on patients whose resting values lie inside the NEWS2 0-bands
            // with room for the nightly dip (HR 55–90, SpO2 ≥ 96, RR 12–19, T 36.2–37.2, SBP 115–160, DBP 60–95).
            // A patient outside them gets individual limits from a clinician (Scale 2, site limits), which this
            // cohort does not model: draws outside are redrawn.
            Mean =
            [
                Truncated(rng, 72, 8, 55, 90), Math.Min(99, Truncated(rng, 97, 1, 96, 100)), Truncated(rng, 15, 2, 12, 19),
                Truncated(rng, 36.7, 0.2, 36.2, 37.2), Truncated(rng, 125, 12, 115, 160), Truncated(rng, 78, 7, 60, 95),
            ];
            var scale = 0.6 + (0.8 * rng.NextDouble());
            Amp = [5 * scale, 0, 1 * scale, 0.3 * scale, 6 * scale, 4 * scale];
            HasRespiration = rng.NextDouble() > 0.15;
            HasTemperature = rng.NextDouble() > 0.2;
            HasCuff = rng.NextDouble() > 0.25;
            Weight = 60 + (25 * rng.NextDouble());
        }

        public double[] Mean { get; }

        public double[] Amp { get; }

        public bool HasRespiration { get; }

        public bool HasTemperature { get; }

        public bool HasCuff { get; }

        public double Weight { get; }
    }
}
