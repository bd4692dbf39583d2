namespace Edge.Analytics.News2;

/// <summary>
/// Which NEWS2 SpO2 scale applies. <see cref="Scale1"/> is the default. <see cref="Scale2"/> is for patients with
/// hypercapnic respiratory failure and a prescribed 88–92 % target; a clinician sets it per patient and it is never
/// inferred from the data.
/// </summary>
public enum SpO2Scale
{
    /// <summary>SpO2 Scale 1 (the original NEWS scale). The default.</summary>
    Scale1 = 1,
    /// <summary>SpO2 Scale 2 (target 88–92 %), only when configured for the patient.</summary>
    Scale2 = 2,
}
