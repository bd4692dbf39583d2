using System.Text;
using Edge.Core;
using Edge.Drivers.Serial.Masimo;

namespace Edge.Drivers.Tests.Serial.Masimo;

/// <summary>
/// Live versus trend-download detection by content, and the trend parser. Trend lines are the Rad-8 operator's
/// manual p.4-24 "Sample Trend Output"; live lines are the MD PnP and yahnatan captures (reference/serial.md §1.3).
/// </summary>
public sealed class MasimoTrendFormatTests
{
    private const string Port = "/dev/serial/by-id/usb-FTDI_FT232R-if00-port0";
    private const string TrendProbeOff = "09/21/08 09:56:10 SpO2=000 PR=000 PI=00.00 EXC=828:Search,OffPat,SET";
    private const string TrendValues = "09/21/08 09:56:14 SpO2=096 PR=074 PI=02.28 EXC=C00:LowSigIQ,SET";
    private const string Rad8Live = "02/22/16 22:47:45 SN=0000056661 SPO2=098% BPM=097 PI=03.60% SPCO=--.-% SPMET=--.-% DESAT=-- PIDELTA=+-- ALARM=0000 EXC=000800";
    private const string Radical5Live = "09/15/10 15:10:29 SPO2=097% BPM=064 PI=11.82% ALARM=20 EXC=800";

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    [Theory]
    [InlineData(TrendProbeOff, MasimoLineFormat.Trend)]
    [InlineData(TrendValues, MasimoLineFormat.Trend)]
    [InlineData(Rad8Live, MasimoLineFormat.Live)]
    [InlineData(Radical5Live, MasimoLineFormat.Live)]
    [InlineData("SPO2=098% BPM=097", MasimoLineFormat.Unknown)]
    public void DetectFormat_DecidesByContentNotByMenuName(string line, MasimoLineFormat expected)
    {
        Assert.Equal(expected, MasimoLineParser.DetectFormat(Ascii(line)));
    }

    [Fact]
    public void TrendParser_ManualSample_ReadsValuesAndExceptionBits()
    {
        var record = MasimoTrendLineParser.Parse(Ascii(TrendValues)).Value;

        Assert.Equal((96, 74, 2.28), (record.SpO2!.Value, record.PulseRate!.Value, record.PerfusionIndex!.Value));
        Assert.Equal(MasimoExceptions.LowSignalIq | MasimoExceptions.MasimoSet, record.Exceptions);
        Assert.Equal(new DateTimeOffset(2008, 9, 21, 9, 56, 14, TimeSpan.Zero), record.DeviceTime);
    }

    [Fact]
    public void TrendParser_ZerosMeanMissing()
    {
        var record = MasimoTrendLineParser.Parse(Ascii(TrendProbeOff)).Value;

        Assert.Null(record.SpO2);
        Assert.Null(record.PulseRate);
        Assert.Null(record.PerfusionIndex);
        Assert.Equal(MasimoExceptions.PulseSearch | MasimoExceptions.SensorOff | MasimoExceptions.MasimoSet, record.Exceptions);
    }

    [Theory]
    [InlineData("09/21/08 09:56:14 SpO2=96 PR=074 PI=02.28 EXC=C00")]
    [InlineData("09/21/08 09:56:14 SpO2=101 PR=074 PI=02.28 EXC=C00")]
    [InlineData("09/21/08 09:56:14 SpO2=096 PI=02.28 EXC=C00")]
    [InlineData("09/21/08 09:56:14 SpO2=096 SpO2=096 PR=074 EXC=C00")]
    [InlineData("09/21/08 09:56:14 SpO2=096 PR=074 EXC=XYZ")]
    public void TrendParser_MalformedLine_IsRejectedWithAReason(string line)
    {
        var result = MasimoTrendLineParser.Parse(Ascii(line));

        Assert.False(result.IsSuccess);
        Assert.DoesNotContain("96", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_MixedLiveAndTrendLines_SendsTrendValuesAsStaleWithDeviceTime()
    {
        var decoder = new MasimoDecoder(Port);
        var bytes = Ascii($"{Rad8Live}\r\n{Rad8Live}\r\n{TrendValues}\r\n{TrendProbeOff}\r\n");

        var observations = DecoderHarness.Feed(decoder, bytes);

        // The first line after open is treated as possibly partial only if it lacks the date stamp; both live lines count.
        var live = observations.Where(o => !o.Flags.HasFlag(QualityIssues.Stale)).ToList();
        var trend = observations.Where(o => o.Flags.HasFlag(QualityIssues.Stale)).ToList();
        Assert.Equal(6, live.Count);
        Assert.Equal([96.0, 74.0, 2.28], trend.Select(o => o.Value));
        Assert.All(trend, o => Assert.Equal(new DateTimeOffset(2008, 9, 21, 9, 56, 14, TimeSpan.Zero), o.DeviceTime));
        Assert.All(trend, o => Assert.True(o.Flags.HasFlag(QualityIssues.LowPerfusion)));
        Assert.Equal((2, 2), (decoder.LiveLines, decoder.TrendLines));
    }

    [Fact]
    public void Decoder_PartialFirstLineAndCorruptLine_AreDroppedAndCounted()
    {
        var decoder = new MasimoDecoder(Port);
        var bytes = Ascii($"PI=03.60% ALARM=0000 EXC=000800\r\n{Rad8Live.Replace("BPM=097", "BPM=0x7", StringComparison.Ordinal)}\r\n{Radical5Live}\r\n");

        var observations = DecoderHarness.Feed(decoder, bytes);

        Assert.Equal([97.0, 64.0, 11.82], observations.Select(o => o.Value));
        Assert.Equal(1, decoder.FramesRejected);
        Assert.Equal(1, decoder.BytesDiscarded);
    }
}
