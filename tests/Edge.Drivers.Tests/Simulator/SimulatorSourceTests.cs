using System.ComponentModel.DataAnnotations;
using System.Text;
using Edge.Core;
using Edge.Drivers.Serial.Masimo;
using Edge.Drivers.Simulator;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Drivers.Tests.Simulator;

public sealed class SimulatorSourceTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 10, 0, 0, 500, TimeSpan.Zero);

    private static SimulatorSource Create(
        int patients = 3, int intervalMs = 0, int seed = 42, int readingsPerDevice = 0, TimeProvider? time = null) =>
        new(
            Options.Create(new SimulatorOptions
            {
                Patients = patients,
                IntervalMs = intervalMs,
                Seed = seed,
                ReadingsPerDevice = readingsPerDevice,
            }),
            time ?? new FakeTimeProvider(Start));

    private static async Task<List<Observation>> ReadAll(SimulatorSource source)
    {
        var list = new List<Observation>();
        await foreach (var o in source.ReadAllAsync(CancellationToken.None))
        {
            list.Add(o);
        }

        return list;
    }

    private static List<(string Source, VitalKind Kind, double Value, QualityIssues Flags)> Fingerprint(
        IEnumerable<Observation> observations) =>
        observations.Select(o => (o.Source, o.Kind, o.Value, o.Flags)).ToList();

    /// <summary>Groups one oximeter's observations by tick: every oximeter tick ends with exactly one PI.</summary>
    private static List<List<Observation>> OximeterTicks(IEnumerable<Observation> all, string port)
    {
        var ticks = new List<List<Observation>>();
        var current = new List<Observation>();
        foreach (var o in all.Where(o => o.Source == port))
        {
            current.Add(o);
            if (o.Kind == VitalKind.PerfusionIndex)
            {
                ticks.Add(current);
                current = [];
            }
        }

        Assert.Empty(current);
        return ticks;
    }

    [Fact]
    public void Name_IsSimulator()
    {
        Assert.Equal("simulator", Create().Name);
    }

    [Theory]
    [InlineData(0, "02:ED:6E:00:00:00", "/dev/serial/by-id/usb-Simulated_Masimo_Rad-8_SIM0000-if00-port0")]
    [InlineData(1, "02:ED:6E:00:00:01", "/dev/serial/by-id/usb-Simulated_Masimo_Rad-8_SIM0001-if00-port0")]
    [InlineData(10, "02:ED:6E:00:00:0A", "/dev/serial/by-id/usb-Simulated_Masimo_Rad-8_SIM0010-if00-port0")]
    [InlineData(63, "02:ED:6E:00:00:3F", "/dev/serial/by-id/usb-Simulated_Masimo_Rad-8_SIM0063-if00-port0")]
    public void AddressHelpers_FormatIndex(int index, string strap, string port)
    {
        Assert.Equal(strap, SimulatorSource.StrapAddress(index));
        Assert.Equal(port, SimulatorSource.OximeterPort(index));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(64)]
    public void AddressHelpers_IndexOutOfRange_Throw(int index)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatorSource.StrapAddress(index));
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatorSource.OximeterPort(index));
    }

    [Fact]
    public async Task ReadAll_ReadingsPerDevice_EndsAfterThatManyMessagesFromEveryDevice()
    {
        var all = await ReadAll(Create(patients: 2, readingsPerDevice: 7));

        for (var i = 0; i < 2; i++)
        {
            var strap = all.Where(o => o.Source == SimulatorSource.StrapAddress(i)).ToList();
            Assert.Equal(7, strap.Count(o => o.Kind == VitalKind.HeartRate));
            Assert.Equal(7, strap.Count(o => o.Kind == VitalKind.RrInterval));
            Assert.Equal(7, OximeterTicks(all, SimulatorSource.OximeterPort(i)).Count);
        }

        Assert.Equal(
            Enumerable.Range(0, 2)
                .SelectMany(i => new[] { SimulatorSource.StrapAddress(i), SimulatorSource.OximeterPort(i) })
                .Order(),
            all.Select(o => o.Source).Distinct().Order());
    }

    [Fact]
    public async Task ReadAll_SameSeed_GivesTheSameSequence()
    {
        var first = await ReadAll(Create(seed: 7, readingsPerDevice: 150));
        var second = await ReadAll(Create(seed: 7, readingsPerDevice: 150));

        Assert.True(first.Count > 150 * 3 * 4);
        Assert.Equal(Fingerprint(first), Fingerprint(second));
    }

    [Fact]
    public async Task ReadAll_SameInstanceEnumeratedTwice_RestartsTheSameSequence()
    {
        var source = Create(seed: 11, readingsPerDevice: 40);

        Assert.Equal(Fingerprint(await ReadAll(source)), Fingerprint(await ReadAll(source)));
    }

    [Fact]
    public async Task ReadAll_DifferentSeeds_GiveDifferentSequences()
    {
        var a = await ReadAll(Create(seed: 1, readingsPerDevice: 30));
        var b = await ReadAll(Create(seed: 2, readingsPerDevice: 30));

        Assert.NotEqual(Fingerprint(a), Fingerprint(b));
        Assert.NotEqual(
            a.Where(o => o.Kind == VitalKind.HeartRate).Select(o => o.Value),
            b.Where(o => o.Kind == VitalKind.HeartRate).Select(o => o.Value));
    }

    [Fact]
    public async Task ReadAll_SimulatorBytes_AllParseWithoutRejection()
    {
        var source = Create(patients: 8, readingsPerDevice: 300);

        await ReadAll(source);

        Assert.Equal(0, source.RejectedMessages);
    }

    [Fact]
    public async Task ReadAll_StablePatients_StayNearTheirBaselineRanges()
    {
        var all = await ReadAll(Create(patients: 6, seed: 3, readingsPerDevice: 200));
        var stable = Enumerable.Range(0, 6).Where(i => i != 1)
            .SelectMany(i => new[] { SimulatorSource.StrapAddress(i), SimulatorSource.OximeterPort(i) })
            .ToHashSet();
        var values = all.Where(o => stable.Contains(o.Source) && o.Flags == QualityIssues.None).ToList();

        Assert.All(values.Where(o => o.Kind == VitalKind.HeartRate), o => Assert.InRange(o.Value, 55, 90));
        Assert.All(values.Where(o => o.Kind == VitalKind.PulseRate), o => Assert.InRange(o.Value, 54, 91));
        Assert.All(values.Where(o => o.Kind == VitalKind.SpO2), o => Assert.InRange(o.Value, 93, 100));
        Assert.All(values.Where(o => o.Kind == VitalKind.PerfusionIndex), o => Assert.InRange(o.Value, 0.2, 5.5));
    }

    [Fact]
    public async Task ReadAll_RrInterval_IsConsistentWithHeartRate()
    {
        var all = await ReadAll(Create(readingsPerDevice: 100));
        var strap = all.Where(o => o.Source == SimulatorSource.StrapAddress(0)).ToList();

        for (var k = 0; k < strap.Count; k += 2)
        {
            Assert.Equal(VitalKind.HeartRate, strap[k].Kind);
            Assert.Equal(VitalKind.RrInterval, strap[k + 1].Kind);
            Assert.InRange(strap[k + 1].Value, (60000 / strap[k].Value) - 1, (60000 / strap[k].Value) + 1);
        }
    }

    [Fact]
    public async Task ReadAll_PatientOne_DeterioratesFromTick20For60Ticks()
    {
        var all = await ReadAll(Create(readingsPerDevice: 100));
        var heartRates = all
            .Where(o => o.Source == SimulatorSource.StrapAddress(1) && o.Kind == VitalKind.HeartRate)
            .Select(o => o.Value).ToList();
        var oximeter = OximeterTicks(all, SimulatorSource.OximeterPort(1));

        for (var tick = 0; tick < 100; tick++)
        {
            var inEpisode = tick is >= 20 and < 80;
            var spo2 = oximeter[tick].SingleOrDefault(o => o.Kind == VitalKind.SpO2);
            if (inEpisode)
            {
                Assert.InRange(heartRates[tick], 125, 135);
                if (spo2 is not null)
                {
                    Assert.InRange(spo2.Value, 88, 90);
                }
            }
            else
            {
                Assert.InRange(heartRates[tick], 55, 90);
                if (spo2 is not null)
                {
                    Assert.InRange(spo2.Value, 93, 100);
                }
            }
        }

        Assert.True(oximeter.Skip(20).Take(60).Count(t => t.Any(o => o.Kind == VitalKind.SpO2)) > 50);
    }

    [Fact]
    public async Task ReadAll_SpO2Below89_CarriesTheDeviceAlarmFlag()
    {
        var all = await ReadAll(Create(readingsPerDevice: 100));
        var spo2 = all.Where(o => o.Kind == VitalKind.SpO2).ToList();

        Assert.Contains(spo2, o => o.Value < 89);
        Assert.All(spo2, o => Assert.Equal(o.Value < 89, o.Flags.HasFlag(QualityIssues.DeviceAlarm)));
    }

    [Fact]
    public async Task ReadAll_ProbeOffTicks_YieldOnlyAFlaggedPerfusionIndex()
    {
        var all = await ReadAll(Create(readingsPerDevice: 500));
        var ticks = Enumerable.Range(0, 3).SelectMany(i => OximeterTicks(all, SimulatorSource.OximeterPort(i))).ToList();
        var probeOff = ticks.Where(t => t.Any(o => o.Flags.HasFlag(QualityIssues.SensorContactLost))).ToList();

        // About 1 in 50 of 1500 oximeter ticks.
        Assert.InRange(probeOff.Count, 10, 60);
        Assert.All(probeOff, t =>
        {
            var pi = Assert.Single(t);
            Assert.Equal(VitalKind.PerfusionIndex, pi.Kind);
            Assert.Equal(QualityIssues.SensorContactLost | QualityIssues.Searching, pi.Flags);
        });
        Assert.DoesNotContain(all, o => o.Kind != VitalKind.PerfusionIndex && o.Flags.HasFlag(QualityIssues.SensorContactLost));
    }

    [Fact]
    public async Task ReadAll_Times_ComeFromTheTimeProvider()
    {
        var all = await ReadAll(Create(readingsPerDevice: 3));

        Assert.All(all, o => Assert.Equal(Start, o.ReceivedAt));
        Assert.All(all.Where(o => o.Source.StartsWith("/dev/", StringComparison.Ordinal)), o =>
            Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), o.DeviceTime));
        Assert.All(all.Where(o => o.Source.StartsWith("02:", StringComparison.Ordinal)), o => Assert.Null(o.DeviceTime));
    }

    [Fact]
    public async Task ReadAll_WithInterval_WaitsForTheTimeProviderBetweenTicks()
    {
        var time = new FakeTimeProvider(Start);
        var source = Create(patients: 1, intervalMs: 1000, time: time);
        await using var e = source.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();

        // Tick 0 needs no time to pass: HR and RR from the strap, then the oximeter's values ending with PI.
        var first = new List<Observation>();
        do
        {
            Assert.True(await e.MoveNextAsync());
            first.Add(e.Current);
        }
        while (!(e.Current.Kind == VitalKind.PerfusionIndex));

        var next = e.MoveNextAsync();
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        // A hang guard only; the fake clock, not this timeout, is what releases the tick.
        Assert.True(await next.AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.All(first, o => Assert.Equal(Start, o.ReceivedAt));
        Assert.Equal(Start.AddSeconds(1), e.Current.ReceivedAt);
    }

    [Fact]
    public async Task ReadAll_CancelledWhileWaiting_StopsWithOperationCanceled()
    {
        var time = new FakeTimeProvider(Start);
        using var cts = new CancellationTokenSource();
        await using var e = Create(patients: 1, intervalMs: 1000, time: time).ReadAllAsync(cts.Token).GetAsyncEnumerator();
        while (await e.MoveNextAsync() && e.Current.Kind != VitalKind.PerfusionIndex)
        {
        }

        var next = e.MoveNextAsync();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await next);
    }

    [Fact]
    public async Task ReadAll_UnlimitedWithZeroInterval_KeepsProducingUntilTheConsumerStops()
    {
        var count = 0;
        await foreach (var _ in Create(patients: 1).ReadAllAsync(CancellationToken.None))
        {
            if (++count == 10_000)
            {
                break;
            }
        }

        Assert.Equal(10_000, count);
    }

    [Fact]
    public void DecodeStrap_CorruptPacket_IsCountedAndYieldsNothing()
    {
        var source = Create();
        var into = new List<Observation>();

        source.DecodeStrap([0x10, 60, 0x00], SimulatorSource.StrapAddress(0), Start, into);
        source.DecodeStrap([], SimulatorSource.StrapAddress(0), Start, into);
        source.DecodeStrap([0x06, 60], SimulatorSource.StrapAddress(0), Start, into);

        Assert.Equal(2, source.RejectedMessages);
        Assert.Single(into);
    }

    [Fact]
    public void DecodeOximeter_CorruptLineBetweenGoodOnes_IsCountedAndTheStreamGoesOn()
    {
        var source = Create();
        var framer = new MasimoLineFramer();
        var into = new List<Observation>();
        var bytes = Encoding.ASCII.GetBytes(
            "02/22/16 22:47:45 SPO2=098% BPM=097 PI=03.60% EXC=000800\r\n" +
            "02/22/16 22:47:46 SPO2=0?8% BPM=097 PI=03.60% EXC=000800\r\n" +
            "02/22/16 22:47:47 SPO2=097% BPM=096 PI=03.50% EXC=000800\r\n");

        source.DecodeOximeter(framer, bytes, SimulatorSource.OximeterPort(0), Start, new Random(1), into);

        Assert.Equal(1, source.RejectedMessages);
        Assert.Equal(6, into.Count);
    }

    [Theory]
    [InlineData(0, 1000, 0)]
    [InlineData(65, 1000, 0)]
    [InlineData(3, -1, 0)]
    [InlineData(3, 3_600_001, 0)]
    [InlineData(3, 1000, -1)]
    public void Constructor_OptionOutOfRange_ThrowsNamingTheKey(int patients, int intervalMs, int readings)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Create(patients, intervalMs, 42, readings));

        Assert.StartsWith("Simulator:", ex.ParamName, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_AreTheDocumentedSafeValuesAndValidate()
    {
        var o = new SimulatorOptions();

        Assert.Equal((3, 1000, 42, 0), (o.Patients, o.IntervalMs, o.Seed, o.ReadingsPerDevice));
        Assert.True(Validator.TryValidateObject(o, new ValidationContext(o), null, validateAllProperties: true));
    }

    [Fact]
    public void Options_DataAnnotations_RejectOutOfRangeValues()
    {
        var o = new SimulatorOptions { Patients = 65, IntervalMs = -5, ReadingsPerDevice = -1 };
        var errors = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(o, new ValidationContext(o), errors, validateAllProperties: true));
        Assert.Equal<string>(
            [nameof(o.IntervalMs), nameof(o.Patients), nameof(o.ReadingsPerDevice)],
            errors.SelectMany(e => e.MemberNames).Order());
    }
}
