namespace Edge.Sync.Wire;

/// <summary>
/// The optional fields of a wire item, the ones a residency <c>drop-fields</c> transform may remove. The identity and
/// the clinical meaning of an item (id, type, vital and its LOINC code, value, unit, measured/raised time, alert code
/// and severity) are never droppable: an item without them is useless to every consumer.
/// </summary>
[Flags]
public enum WireFields
{
    /// <summary>Nothing is omitted.</summary>
    None = 0,

    /// <summary>The opaque device id of a reading (<c>device</c>; FHIR <c>Observation.device</c>).</summary>
    Device = 1,

    /// <summary>The per-device sequence number of a reading (<c>seq</c>).</summary>
    Seq = 2,

    /// <summary>The opaque patient id of a reading or alert (<c>patient</c>; FHIR <c>Observation.subject</c>).</summary>
    Patient = 4,

    /// <summary>The device's own timestamp of a reading (<c>deviceTime</c>).</summary>
    DeviceTime = 8,

    /// <summary>The quality flags of a reading (<c>quality</c>).</summary>
    Quality = 16,

    /// <summary>The gateway clock-trust state of a reading (<c>clock</c>).</summary>
    Clock = 32,

    /// <summary>The score behind an alert (<c>score</c>).</summary>
    Score = 64,

    /// <summary>The id of the reading that raised an alert (<c>trigger</c>).</summary>
    Trigger = 128,
}
