using Edge.Core;

namespace Edge.Drivers.Serial.Nonin;

/// <summary>Maps Nonin status bits to <see cref="QualityIssues"/>. Stateless.</summary>
public static class NoninQuality
{
    /// <summary>
    /// DF2/DF7 STATUS: SNSD → SensorFault; SNSA → SensorContactLost; ARTF and OOT → Artefact; RPRF (with or without
    /// GPRF: red or yellow) → LowPerfusion. GPRF alone (green) is good signal and maps to nothing.
    /// </summary>
    public static QualityIssues FromStatus(NoninStatus status)
    {
        var flags = QualityIssues.None;
        if ((status & NoninStatus.SensorDisconnect) != 0)
        {
            flags |= QualityIssues.SensorFault;
        }

        if ((status & NoninStatus.SensorAlarm) != 0)
        {
            flags |= QualityIssues.SensorContactLost;
        }

        if ((status & (NoninStatus.Artifact | NoninStatus.OutOfTrack)) != 0)
        {
            flags |= QualityIssues.Artefact;
        }

        if ((status & NoninStatus.RedPerfusion) != 0)
        {
            flags |= QualityIssues.LowPerfusion;
        }

        return flags;
    }
}
