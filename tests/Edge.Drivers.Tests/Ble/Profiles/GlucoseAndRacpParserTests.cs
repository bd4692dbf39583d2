using Edge.Core;
using Edge.Drivers.Ble;

namespace Edge.Drivers.Tests.Ble.Profiles;

public sealed class GlucoseAndRacpParserTests
{
    private const string Meter = "02:ED:6E:00:00:13";
    private static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Glucose_NordicVector_ReadsEveryField()
    {
        // Nordic GlucoseMeasurementDataCallbackTest: 1B 0100 E307021B0B0A1E FBFF 1E00 12 0501.
        var m = GlucoseMeasurementParser.Parse(Hex.Bytes("1B 0100 E307021B0B0A1E FBFF 1E00 12 0501")).Value;

        Assert.Equal((ushort)1, m.SequenceNumber);
        Assert.Equal(new DateTimeOffset(2019, 2, 27, 11, 10, 30, TimeSpan.Zero), m.BaseTime.ToDeviceTime());
        Assert.Equal((short)-5, m.TimeOffsetMinutes);
        Assert.Equal(new DateTimeOffset(2019, 2, 27, 11, 5, 30, TimeSpan.Zero), GlucoseMeasurementParser.UserFacingTime(m));
        Assert.Equal(((byte)2, (byte)1), (m.Type!.Value, m.SampleLocation!.Value));
        Assert.Equal(GlucoseSensorStatus.BatteryLow | GlucoseSensorStatus.SampleSizeInsufficient | GlucoseSensorStatus.SensorTemperatureTooLow, m.SensorStatus);
        Assert.True(m.ContextFollows);
        Assert.False(m.IsMolesPerLitre);
    }

    [Fact]
    public void Glucose_KilogramsPerLitre_MapsToMilligramsPerDecilitre()
    {
        // 1e-3 kg/L = 100 mg/dL (SFLOAT 0xD001).
        var m = GlucoseMeasurementParser.Parse(Hex.Bytes("02 0700 E907030C080000 01D0 11")).Value;

        var obs = Assert.Single(GlucoseMeasurementParser.ToObservations(m, Meter, At));
        Assert.Equal((VitalKind.Glucose, 100.0, QualityIssues.None), (obs.Kind, obs.Value, obs.Flags));
    }

    [Fact]
    public void Glucose_MolesPerLitre_ConvertsThroughMolarMass()
    {
        // 5.5 mmol/L = 0.0055 mol/L (SFLOAT 0xC037) = 99.0858 mg/dL at 180.156 g/mol.
        var m = GlucoseMeasurementParser.Parse(Hex.Bytes("06 0700 E907030C080000 37C0 11")).Value;

        Assert.Equal(5.5m, GlucoseMeasurementParser.ToMillimolesPerLitre(m.Concentration!.Value, true));
        Assert.Equal(99.0858, Assert.Single(GlucoseMeasurementParser.ToObservations(m, Meter, At)).Value, 9);
    }

    [Theory]
    [InlineData("1A")] // type 10: control solution
    [InlineData("41")] // location 4: control solution
    public void Glucose_ControlSolution_IsNotPatientData(string typeLocation)
    {
        var m = GlucoseMeasurementParser.Parse(Hex.Bytes("02 0700 E907030C080000 01D0 " + typeLocation)).Value;

        Assert.True(m.IsControlSolution);
        Assert.Empty(GlucoseMeasurementParser.ToObservations(m, Meter, At));
    }

    [Fact]
    public void Glucose_ResultAboveRangeAndTimeFault_AreFlagged()
    {
        var m = GlucoseMeasurementParser.Parse(Hex.Bytes("0A 0700 E907030C080000 01D0 11 2008")).Value;

        Assert.Equal(QualityIssues.DeviceAlarm | QualityIssues.DeviceClockNotSet, Assert.Single(GlucoseMeasurementParser.ToObservations(m, Meter, At)).Flags);
    }

    [Theory]
    [InlineData("00 0100 E307021B0B0A", "Base Time (always present) needs 7 bytes at offset 3 but 6 bytes remain")]
    [InlineData("01 0100 E307021B0B0A1E FB", "Time Offset (flags bit 0 says present) needs 2 bytes at offset 10 but 1 byte remain")]
    [InlineData("02 0100 E307021B0B0A1E 1E00", "Type-Sample Location (flags bit 1 says present)")]
    [InlineData("08 0100 E307021B0B0A1E", "Sensor Status Annunciation (flags bit 3 says present)")]
    [InlineData("02 0100 E307021B0B0A1E 1E00 10", "Type (low nibble) holds a reserved value")]
    [InlineData("02 0100 E307021B0B0A1E 1E00 51", "Sample Location (high nibble) holds a reserved value")]
    [InlineData("00 0100 E307021B0B0A1E 00", "1 byte remain after the last field")]
    [InlineData("00 0100 E3070D1B0B0A1E", "Base Time at offset 3: Date Time has a reserved value: month above 12")]
    public void Glucose_BadPackets_AreRejectedWithPreciseReason(string hex, string reason)
    {
        Assert.Contains(reason, GlucoseMeasurementParser.Parse(Hex.Bytes(hex)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Context_NordicFullLayout_ReadsEveryField()
    {
        // Layout of Nordic GlucoseMeasurementContextDataCallbackTest.onGlucoseMeasurementContextReceived_full
        // (flags 0xFF, extended flags 0xB3, dinner, casual, tester HCP / minor issues 0x12, 60 s at 50 %, long-acting
        // insulin); the SFLOATs are re-encoded here: 100 (0x0064), 123.4 (0xF4D2), 34.5 (0xF159).
        var c = GlucoseMeasurementParser.ParseContext(Hex.Bytes("FF 0000 B3 03 6400 04 12 3C00 32 04 D2F4 59F1")).Value;

        Assert.Equal((ushort)0, c.SequenceNumber);
        Assert.Equal(((byte)0xB3, (byte)3, (byte)4), (c.ExtendedFlags!.Value, c.CarbohydrateId!.Value, c.Meal!.Value));
        Assert.Equal(((byte)2, (byte)1), (c.Tester!.Value, c.Health!.Value));
        Assert.Equal(((ushort)60, (byte)50, (byte)4), (c.ExerciseDurationSeconds!.Value, c.ExerciseIntensityPercent!.Value, c.MedicationId!.Value));
        Assert.True(c.MedicationInLitres);
        Assert.True(c.HbA1c!.Value.TryGetDecimal(out var hba1c));
        Assert.Equal(34.5m, hba1c);
    }

    [Fact]
    public void Context_NordicInvalidVector_IsRejected()
    {
        // Nordic onInvalidDataReceived: flags 0xFF but HbA1c missing.
        var r = GlucoseMeasurementParser.ParseContext(Hex.Bytes("FF 0000 B3 03 6400 04 12 3C00 32 04 D2F4"));

        Assert.Contains("HbA1c (flags bit 6 says present) needs 2 bytes at offset 15 but 0 bytes remain", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Context_NordicEmptyVectorWithPadding_IsRejectedBecauseWeNeverGuess()
    {
        // Nordic's _empty test sends 17 bytes with flags 0 and accepts it; surplus bytes are rejected here.
        var padded = new byte[17];
        padded[1] = 1;

        Assert.Contains("14 bytes remain", GlucoseMeasurementParser.ParseContext(padded).Error, StringComparison.Ordinal);
        Assert.True(GlucoseMeasurementParser.ParseContext(padded.AsSpan(0, 3)).IsSuccess);
    }

    [Theory]
    [InlineData("06 00 01 01", RacpOpCode.ReportStoredRecords, RacpResponseCode.Success)]
    [InlineData("06 00 01 06", RacpOpCode.ReportStoredRecords, RacpResponseCode.NoRecordsFound)]
    [InlineData("06 00 03 01", RacpOpCode.AbortOperation, RacpResponseCode.Success)]
    [InlineData("06 00 01 08", RacpOpCode.ReportStoredRecords, RacpResponseCode.ProcedureNotCompleted)]
    public void Racp_ResponseCodes_Parse(string hex, RacpOpCode request, RacpResponseCode code)
    {
        // Nordic RecordAccessControlPointDataCallbackTest; reference/ble.md §1.8.
        var r = Racp.ParseResponse(Hex.Bytes(hex)).Value;

        Assert.Equal((RacpOpCode.ResponseCode, request, code), (r.OpCode, r.RequestOpCode!.Value, r.Code!.Value));
    }

    [Fact]
    public void Racp_NumberOfRecords_Parses()
    {
        Assert.Equal(10, Racp.ParseResponse(Hex.Bytes("05 00 0A 00")).Value.NumberOfRecords);
    }

    [Theory]
    [InlineData("06 00 01", "Response Code Value (always present) needs 1 byte")]
    [InlineData("06 00 01 01 00", "1 byte remain")]
    [InlineData("06 01 01 01", "Null operator")]
    [InlineData("06 00 01 0A", "reserved response code")]
    [InlineData("06 00 05 01", "not a request")]
    [InlineData("01 00", "not a response")]
    [InlineData("05 00 0A", "Number of Records (always present) needs 2 bytes")]
    public void Racp_BadResponses_AreRejected(string hex, string reason)
    {
        Assert.Contains(reason, Racp.ParseResponse(Hex.Bytes(hex)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Racp_Requests_HaveTheSpecBytes()
    {
        Assert.Equal(Hex.Bytes("01 01"), Racp.ReportAll());
        Assert.Equal(Hex.Bytes("01 03 01 2A 00"), Racp.ReportFrom(42));
        Assert.Equal(Hex.Bytes("04 01"), Racp.CountAll());
        Assert.Equal(Hex.Bytes("04 03 01 2A 00"), Racp.CountFrom(42));
        Assert.Equal(Hex.Bytes("03 00"), Racp.Abort());
    }
}
