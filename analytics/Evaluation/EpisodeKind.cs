namespace Edge.Analytics.Evaluation;

/// <summary>The labelled episodes of the synthetic cohort (reference analytics.md §4.2).</summary>
public enum EpisodeKind
{
    /// <summary>SpO2 −8…−12 %, RR +6, HR +12.</summary>
    Desaturation = 0,
    /// <summary>HR +45…+75 /min.</summary>
    Tachycardia = 1,
    /// <summary>HR ramps to 35–45 /min.</summary>
    Bradycardia = 2,
    /// <summary>Temperature +1.8…+2.6 °C over 15 min, HR +15, RR +3.</summary>
    Fever = 3,
    /// <summary>SBP ramps to 75–90 mm[Hg], DBP −15, HR +20.</summary>
    Hypotension = 4,
    /// <summary>Not clinical: motion/low-perfusion artefact on the oximeter (spikes, dips, flagged and empty samples).</summary>
    Artefact = 5,
    /// <summary>Not clinical: the oximeter sends nothing (battery, out of range).</summary>
    Dropout = 6,
}
