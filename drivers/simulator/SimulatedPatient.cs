namespace Edge.Drivers.Simulator;

/// <summary>
/// The physiology of one simulated patient: a baseline (HR 60-85, SpO2 95-99, PI 1-5) with a bounded random walk,
/// an occasional probe-off, and for patient index 1 a deterioration episode. Deterministic for a seed and index; the
/// patient owns its random stream, so adding patients does not change the others. Not thread-safe.
/// </summary>
internal sealed class SimulatedPatient
{
    /// <summary>The patient index that deteriorates, so that NEWS2 alerts show in the demo.</summary>
    public const int DeterioratingPatient = 1;

    /// <summary>First tick (0-based) of the episode.</summary>
    public const int EpisodeStartTick = 20;

    /// <summary>Length of the episode in ticks.</summary>
    public const int EpisodeTicks = 60;

    /// <summary>About one oximeter tick in this many is a probe-off.</summary>
    public const int ProbeOffOneIn = 50;

    private readonly Random _random;
    private readonly int _index;
    private readonly int _heartRateBase;
    private readonly int _spO2Base;
    private readonly double _piBase;
    private int _heartRateWalk;
    private int _spO2Walk;
    private double _piWalk;

    public SimulatedPatient(int seed, int index)
    {
        _index = index;

        // A distinct, reproducible stream per patient (System.Random with a seed is stable across runtimes).
        _random = new Random(unchecked((seed * 1_000_003) + index));
        _heartRateBase = 60 + _random.Next(26);
        _spO2Base = 95 + _random.Next(5);
        _piBase = 1.0 + (_random.NextDouble() * 4.0);
    }

    /// <summary>Whether <paramref name="tick"/> lies in this patient's deterioration episode.</summary>
    public bool InEpisode(long tick) =>
        _index == DeterioratingPatient && tick >= EpisodeStartTick && tick < EpisodeStartTick + EpisodeTicks;

    /// <summary>Advances the walk by one tick and returns what the devices show.</summary>
    public SimulatedVitals Next(long tick)
    {
        _heartRateWalk = Math.Clamp(_heartRateWalk + _random.Next(-1, 2), -5, 5);
        _spO2Walk = Math.Clamp(_spO2Walk + _random.Next(-1, 2), -2, 1);
        _piWalk = Math.Clamp(_piWalk + ((_random.NextDouble() - 0.5) * 0.2), -0.5, 0.5);
        var pulseJitter = _random.Next(-1, 2);
        var probeOff = _random.Next(ProbeOffOneIn) == 0;

        var heartRate = _heartRateBase + _heartRateWalk;
        var spO2 = Math.Min(100, _spO2Base + _spO2Walk);
        if (InEpisode(tick))
        {
            heartRate = 125 + _random.Next(11);
            spO2 = 88 + _random.Next(3);
        }

        var pi = Math.Round(Math.Max(0.2, _piBase + _piWalk), 2);
        return new SimulatedVitals(heartRate, heartRate + pulseJitter, spO2, pi, probeOff);
    }
}
