using System.Text.Json;

namespace Edge.Provisioning.Tests;

/// <summary>decode runs the drivers' real parsers; vectors are the ones the driver tests use.</summary>
public sealed class DecodeTests
{
    private static Dictionary<string, double> Values(Edgectl.Result result, int packet = 0)
    {
        using var doc = JsonDocument.Parse(result.Out);
        return doc.RootElement.GetProperty("packets")[packet].GetProperty("observations").EnumerateArray()
            .GroupBy(o => o.GetProperty("kind").GetString()!)
            .ToDictionary(g => g.Key, g => g.Last().GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task DecodeBle_HeartRate_PrintsHeartRateAndRrIntervals()
    {
        // flags 0x10 (uint8, RR present), HR 72, RR 1024/1024 s.
        var result = await Edgectl.RunAsync("decode", "ble", "--characteristic", "2A37", "--hex", "10 48 00 04");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"heart_rate\s+72\s+/min\s+8867-4", result.Out);
        Assert.Matches(@"rr_interval\s+1000\s+ms", result.Out);
    }

    [Fact]
    public async Task DecodeBle_NordicBloodPressureVector_NormalisesAndFlags()
    {
        // Nordic BloodPressureMeasurementDataCallbackTest full vector (drivers tests): 138/88/120 mmHg, pulse 60,
        // status body movement, cuff too loose, irregular pulse, improper position.
        var result = await Edgectl.RunAsync("decode", "ble", "-c", "0x2A35", "--hex", "1E 8A00 5800 7800 0000 04 11 14 29 3B 3C00 01 2700", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var values = Values(result);
        Assert.Equal(138, values["systolic_bp"]);
        Assert.Equal(88, values["diastolic_bp"]);
        Assert.Contains("Artefact", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeBle_PlxSpotCheck_AcceptsAFullBaseUuid()
    {
        var result = await Edgectl.RunAsync("decode", "ble", "-c", "00002a5e-0000-1000-8000-00805f9b34fb", "--hex", "00 D4F3 6300", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var values = Values(result);
        Assert.Equal(98, values["spo2"]);
        Assert.Equal(99, values["pulse_rate"]);
    }

    [Fact]
    public async Task DecodeBle_TruncatedPacket_GivesTheParsersErrorAndExit4()
    {
        var result = await Edgectl.RunAsync("decode", "ble", "-c", "2A37", "--hex", "08 3C 32");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("#1: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("1 byte remains", result.Error, StringComparison.Ordinal);
        Assert.Contains("fix:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeBle_SeveralPackets_ReportsEachAndFailsOnTheBadOne()
    {
        var result = await Edgectl.RunAsync("decode", "ble", "-c", "2A37", "--hex", "00 48", "--hex", "01 48", "--json");

        Assert.Equal(4, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var packets = doc.RootElement.GetProperty("packets");
        Assert.False(packets[0].TryGetProperty("error", out _));
        Assert.Contains("uint16", packets[1].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("16 4G", "character 'G' at position 5")]
    [InlineData("164", "odd count")]
    [InlineData("  ", "no bytes")]
    public async Task DecodeBle_BadHex_IsBadInputNamingThePosition(string hex, string expected)
    {
        var result = await Edgectl.RunAsync("decode", "ble", "-c", "2A37", "--hex", hex);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeBle_UnknownCharacteristic_IsAUsageError()
    {
        var result = await Edgectl.RunAsync("decode", "ble", "-c", "2A00", "--hex", "00");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("2A37", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeSerial_MasimoRad8Capture_GivesSpo2PulseAndPi()
    {
        // Rad-8 capture from github:yahnatan/pulseox (drivers tests, MasimoLineParserTests).
        const string Line = "02/22/16 22:47:45 SN=0000056661 SPO2=098% BPM=097 PI=03.60% SPCO=--.-% SPMET=--.-% DESAT=-- PIDELTA=+-- ALARM=0000 EXC=000800\\r\\n";

        var result = await Edgectl.RunAsync("decode", "serial", "--protocol", "masimo", "--text", Line, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var values = Values(result);
        Assert.Equal(98, values["spo2"]);
        Assert.Equal(97, values["pulse_rate"]);
        Assert.Equal(3.6, values["perfusion_index"], 3);
        Assert.DoesNotContain("0000056661", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeSerial_MasimoCorruptLine_NamesTheKeyAndExits4()
    {
        var result = await Edgectl.RunAsync("decode", "serial", "-p", "masimo", "--text", "02/22/16 22:47:45 SPO2=9x8% BPM=097\\r\\n");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("SPO2", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeSerial_NoninDf8Run_PassesTheFrameGate()
    {
        // DF8 records (serial.md §2.4): 1 R OOT LPRF MPRF ARTF HR8 HR7 | HR6..0 | SpO2 | status. Six in a row: the
        // third is trusted once two more follow.
        var record = "80 48 61 00 ";
        var result = await Edgectl.RunAsync("decode", "serial", "-p", "nonin", "--hex", string.Concat(Enumerable.Repeat(record, 6)), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var values = Values(result);
        Assert.Equal(97, values["spo2"]);
        Assert.Equal(72, values["pulse_rate"]);
    }

    [Fact]
    public async Task DecodeSerial_ContecV7Noise_IsNoReadingWithTheReason()
    {
        var result = await Edgectl.RunAsync("decode", "serial", "-p", "contec", "--hex", "00 11 22 33 44 55 66 77");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("no reading decoded", result.Error, StringComparison.Ordinal);
        Assert.Contains("bytes discarded", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeSerial_UnknownProtocol_IsAUsageError()
    {
        var result = await Edgectl.RunAsync("decode", "serial", "-p", "philips", "--hex", "00");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nonin-df13", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeSerial_TwoCaptureOptions_IsAUsageError()
    {
        var result = await Edgectl.RunAsync("decode", "serial", "-p", "masimo", "--hex", "00", "--text", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("exactly once", result.Error, StringComparison.Ordinal);
    }
}
