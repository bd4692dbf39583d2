using System.Diagnostics;
using System.Text;
using Edge.Core;
using Edge.Drivers.Serial;
using Edge.Drivers.Serial.Port;
using Xunit.Abstractions;

namespace Edge.Drivers.Tests.Serial.Pty;

/// <summary>
/// The port supervisor against real kernel ptys: unplug (socat ended by PID) and replug, hot-plug, and silence
/// (reference/serial.md §6.2: after a hangup a pending read faults once and the port then looks open but is dead).
/// </summary>
[Collection(PtySerialGroup.Name)]
public sealed class PtyUnplugTests(ITestOutputHelper output)
{
    private static byte[] MasimoLine(int cycle, int bpm = 72) =>
        Encoding.ASCII.GetBytes(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"01/02/25 {cycle / 3600 % 24:D2}:{cycle / 60 % 60:D2}:{cycle % 60:D2} SN=0000000001 SPO2=097% BPM={bpm:D3} PI=03.10% ALARM=0000 EXC=000800\r\n"));

    private static DateTimeOffset CycleTime(int cycle) =>
        new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero).AddSeconds(cycle);

    /// <summary>At least 100; <c>EDGE_SERIAL_UNPLUG_CYCLES</c> raises it for the bench soak.</summary>
    private static int Cycles => Math.Max(100, int.TryParse(Environment.GetEnvironmentVariable("EDGE_SERIAL_UNPLUG_CYCLES"), out var n) ? n : 100);

    [Fact]
    public async Task Supervisor_HundredUnplugReplugCycles_RecoversWellUnderTwoSecondsEachWithNoEscapingException()
    {
        var cycles = Cycles;
        using var pair = new SocatPair();
        await using var harness = new PtyHarness(PtyHarness.Options1(pair.DriverPath, SerialProtocol.Masimo, silenceMs: 1000));
        var recoveries = new List<double>();
        var unplugDetections = new List<double>();

        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            await pair.PlugAsync();
            var plugged = Stopwatch.GetTimestamp();
            using var device = new DeviceTwin(pair.DevicePath, SerialProtocol.Masimo);
            var wanted = CycleTime(cycle);

            // The device streams (faster than 1 Hz to keep the test short) until the driver shows this cycle's line.
            using var writing = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                while (!writing.IsCancellationRequested)
                {
                    await device.WriteAsync(MasimoLine(cycle));
                    await Task.Delay(10);
                }
            });
            var got = await harness.WaitForAsync(o => o.DeviceTime == wanted, TimeSpan.FromSeconds(2));
            await writing.CancelAsync();
            await writer;
            Assert.True(got is not null, $"cycle {cycle}: no reading within 2 s of replug");
            recoveries.Add(Stopwatch.GetElapsedTime(plugged, got.Value.Timestamp).TotalMilliseconds);

            device.Dispose();
            var unplugged = Stopwatch.GetTimestamp();
            await pair.UnplugAsync();
            while (harness.Source.Ports[0].State == SerialPortState.Connected && Stopwatch.GetElapsedTime(unplugged) < TimeSpan.FromSeconds(3))
            {
                await Task.Delay(1);
            }

            unplugDetections.Add(Stopwatch.GetElapsedTime(unplugged).TotalMilliseconds);
            Assert.Null(harness.Fault);
        }

        var status = harness.Source.Ports[0];
        recoveries.Sort();
        unplugDetections.Sort();
        output.WriteLine(
            $"{cycles} cycles; recovery after replug ms: median {recoveries[cycles / 2]:F0}, p95 {recoveries[cycles * 95 / 100]:F0}, max {recoveries[^1]:F0}; " +
            $"unplug noticed ms: median {unplugDetections[cycles / 2]:F0}, max {unplugDetections[^1]:F0}; " +
            $"connections {status.Connections}, link losses {status.LinkLosses}, open failures {status.OpenFailures}, abandoned closes {status.AbandonedCloses}");
        Assert.All(recoveries, ms => Assert.InRange(ms, 0, 2000));
        Assert.InRange(status.Connections, cycles, cycles * 2);
        Assert.True(status.LinkLosses >= cycles - 1);
        Assert.Equal(0, status.AbandonedCloses);
        Assert.Null(harness.Fault);
    }

    [Fact]
    public async Task Supervisor_PortAppearsLater_WaitsThenReads()
    {
        using var pair = new SocatPair();
        await using var harness = new PtyHarness(PtyHarness.Options1(pair.DriverPath, SerialProtocol.Masimo));
        await Task.Delay(300);
        Assert.Equal(SerialPortState.Waiting, harness.Source.Ports[0].State);

        await pair.PlugAsync();
        using var device = new DeviceTwin(pair.DevicePath, SerialProtocol.Masimo);
        await device.WriteAsync(MasimoLine(7, bpm: 81));

        var got = await harness.WaitForAsync(o => o.Kind == VitalKind.PulseRate, TimeSpan.FromSeconds(3));
        Assert.Equal(81, got?.Observation.Value);
        Assert.Equal(pair.DriverPath, got?.Observation.Source);
        Assert.Equal(SerialPortState.Connected, harness.Source.Ports[0].State);
    }

    [Fact]
    public async Task Supervisor_OpenButSilentPort_IsReopenedBySilenceNotTrustedByIsOpen()
    {
        using var pair = new SocatPair();
        await pair.PlugAsync();
        await using var harness = new PtyHarness(PtyHarness.Options1(pair.DriverPath, SerialProtocol.Masimo, silenceMs: 250));

        await Task.Delay(1200);
        var status = harness.Source.Ports[0];
        Assert.InRange(status.Connections, 2, 20);
        Assert.True(status.LinkLosses >= 1);

        // After reopening, data still flows: the silence reopen did not wedge anything.
        using var device = new DeviceTwin(pair.DevicePath, SerialProtocol.Masimo);
        await device.WriteAsync(MasimoLine(9, bpm: 64));
        var got = await harness.WaitForAsync(o => o.Kind == VitalKind.PulseRate, TimeSpan.FromSeconds(3));
        Assert.Equal(64, got?.Observation.Value);
    }
}
