namespace Edge.Drivers.Serial.Masimo;

/// <summary>
/// Which of the two Masimo text formats a line is in. The device-menu names do not tell ("ASCII 1" on a Rad-8 is the
/// live format, on a Rad-87 it is the default and "ASCII 2" is the printer/trend one, reference/serial.md §1.2), so
/// the driver decides by content with <see cref="MasimoLineParser.DetectFormat"/>.
/// </summary>
public enum MasimoLineFormat
{
    /// <summary>Not a Masimo line (no date stamp).</summary>
    Unknown = 0,

    /// <summary>The 1 Hz live output: upper-case keys (<c>SPO2=098% BPM=097</c>), dashes for missing (§1.3).</summary>
    Live = 1,

    /// <summary>A TrendCom trend download line: <c>SpO2=096 PR=074 PI=02.28 EXC=C00:LowSigIQ,SET</c>, 000 for missing (§1.3).</summary>
    Trend = 2,
}
