namespace Edge.Analytics.News2;

/// <summary>
/// The ACVPU consciousness scale of NEWS2. An unknown level is a <see langword="null"/> <see cref="Acvpu"/>, never
/// <see cref="Alert"/>: at home there is usually no one to assess it.
/// </summary>
public enum Acvpu
{
    /// <summary>Alert. Scores 0.</summary>
    Alert = 0,
    /// <summary>New confusion (treated as new until proven otherwise). Scores 3.</summary>
    NewConfusion = 1,
    /// <summary>Responds to voice. Scores 3.</summary>
    Voice = 2,
    /// <summary>Responds to pain. Scores 3.</summary>
    Pain = 3,
    /// <summary>Unresponsive. Scores 3.</summary>
    Unresponsive = 4,
}
