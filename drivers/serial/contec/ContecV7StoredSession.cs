namespace Edge.Drivers.Serial.Contec;

/// <summary>One stored session read from a V7 device.</summary>
/// <param name="Session">Session number, 1-based.</param>
/// <param name="StartTime">Start from the 0x07 date and 0x12 time packets with the caller's UTC offset; null when
/// the device has no date (CMS50D+ reports year 0) or did not answer.</param>
/// <param name="DurationRaw">The 0x08 duration as sent (half-seconds on most models, quarter-seconds on CMS50I/H per
/// OSCAR); null when not answered.</param>
/// <param name="Samples">Samples at 1 Hz from the start, oldest first: (SpO2 %, pulse rate /min), null where the
/// device marks a sample invalid (SpO2 0x7F, pulse 0xFF).</param>
public sealed record ContecV7StoredSession(
    int Session,
    DateTimeOffset? StartTime,
    long? DurationRaw,
    IReadOnlyList<(int? SpO2, int? PulseRate)> Samples)
{
    /// <summary>Sample count only; no values.</summary>
    public override string ToString() => $"ContecV7StoredSession(session={Session}, samples={Samples.Count})";
}
