namespace Edge.Analytics.Evaluation;

/// <summary>Shape of a synthetic cohort. Same values, same cohort: everything derives from <see cref="Seed"/>.</summary>
public sealed class CohortOptions
{
    /// <summary>Master seed.</summary>
    public int Seed { get; set; } = 20260105;

    /// <summary>Number of patients.</summary>
    public int Patients { get; set; } = 50;

    /// <summary>Days per patient; the first is a clean baseline day without episodes.</summary>
    public int Days { get; set; } = 5;

    /// <summary>Share of samples lost at random (RAPID saw 37–50 % on wearables). Default 0.3.</summary>
    public double Missingness { get; set; } = 0.3;

    /// <summary>Chance of one clinical episode per evaluated day. Default 0.8.</summary>
    public double ClinicalPerDay { get; set; } = 0.8;

    /// <summary>Chance of one artefact episode per evaluated day. Default 0.5.</summary>
    public double ArtefactPerDay { get; set; } = 0.5;

    /// <summary>Chance of one oximeter dropout per evaluated day. Default 0.3.</summary>
    public double DropoutPerDay { get; set; } = 0.3;

    /// <summary>Minutes between cuff sessions (each a pair of readings a minute apart). Default 15.</summary>
    public int CuffEveryMinutes { get; set; } = 15;

    /// <summary>Start of day 0 (UTC midnight).</summary>
    public DateTimeOffset Start { get; set; } = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
}
