using System.Text;
using Edge.Core;
using Edge.Drivers.Serial;
using Edge.Drivers.Serial.Contec;
using Edge.Drivers.Serial.Port;

namespace Edge.Drivers.Tests.Serial.Pty;

/// <summary>
/// Every protocol end to end through a real pty and the real supervisor: first a burst of random bytes standing in for
/// a wrong baud rate (a pty ignores baud, reference/serial.md §6.1, so the mismatch is simulated as the noise it
/// produces), then frames, a garbage burst, and more frames. Nothing the noise produces may become a reading, and the
/// frames after each burst must get through.
/// </summary>
[Collection(PtySerialGroup.Name)]
public sealed class PtyProtocolTests
{
    public static TheoryData<SerialProtocol> Protocols => new(Enum.GetValues<SerialProtocol>());

    /// <summary>Frames of one protocol carrying pulse rate <paramref name="pr"/> (and SpO2 90 + pr % 10).</summary>
    private static byte[] Frame(SerialProtocol protocol, int pr, int index) => protocol switch
    {
        SerialProtocol.Masimo => Encoding.ASCII.GetBytes($"03/04/25 10:00:{index % 60:D2} SN=0000000001 SPO2={90 + (pr % 10):D3}% BPM={pr:D3} PI=02.00% ALARM=0000 EXC=000800\r\n"),
        SerialProtocol.NoninDf2 => DeviceBytes.NoninPacket(false, pr, 90 + (pr % 10)),
        SerialProtocol.NoninDf7 => DeviceBytes.NoninPacket(true, pr, 90 + (pr % 10)),
        SerialProtocol.NoninDf8 => DeviceBytes.NoninDf8(pr, 90 + (pr % 10)),
        SerialProtocol.NoninDf13 => DeviceBytes.NoninDf13(new DateTime(2025, 3, 4, 10, 0, index % 60), pr, 90 + (pr % 10)),
        SerialProtocol.ContecLegacy => DeviceBytes.ContecLegacy(pr, 90 + (pr % 10)),
        SerialProtocol.ContecV7 => DeviceBytes.ContecV7Realtime(pr, 90 + (pr % 10)),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Protocol_NoiseFramesGarbageFrames_OverARealPty_YieldsOnlyTheSentReadings(SerialProtocol protocol)
    {
        using var pair = new SocatPair();
        await pair.PlugAsync();
        await using var harness = new PtyHarness(PtyHarness.Options1(pair.DriverPath, protocol, silenceMs: 5000));
        using var device = new DeviceTwin(pair.DevicePath, protocol);
        var random = new Random(1234 + (int)protocol);
        var noise = new byte[4096];
        random.NextBytes(noise);
        var garbage = new byte[300];
        random.NextBytes(garbage);

        // Masimo: a line break ends the noise, as the next LF would on a real link; the partial line is then dropped.
        byte[] separator = protocol == SerialProtocol.Masimo ? [(byte)'\r', (byte)'\n'] : [];
        var parts = new List<byte[]> { noise, separator };
        var sent = new List<int>();
        for (var segment = 0; segment < 2; segment++)
        {
            // Lock-on protocols need their run of clean frames after every burst.
            parts.Add(DeviceBytes.Warmup(protocol));
            for (var i = 0; i < 12; i++)
            {
                var pr = 60 + (segment * 20) + i;
                sent.Add(pr);
                parts.AddRange(DeviceBytes.Chunks(Frame(protocol, pr, sent.Count), random, 1, 40));
            }

            parts.Add(DeviceBytes.Trailer(protocol));
            if (segment == 0)
            {
                parts.Add(garbage);
                parts.Add(separator);
            }
        }

        await device.WriteAsync(parts.Where(p => p.Length > 0), gapMs: 1);

        var last = await harness.WaitForAsync(o => o.Kind == VitalKind.PulseRate && o.Value == sent[^1], TimeSpan.FromSeconds(5));
        Assert.True(last is not null, "the last frame sent never arrived");
        await Task.Delay(100);
        var received = harness.Drain().Where(o => o.Kind == VitalKind.PulseRate).Select(o => (int)o.Value).ToList();

        // The wait consumed everything up to the last reading; together they must all be sent values.
        Assert.All(received, pr => Assert.Contains(pr, sent));
        var status = harness.Source.Ports[0];
        Assert.True(status.BytesDiscarded > 0, "the noise should have been discarded");
        Assert.True(status.FramesAccepted >= 20, $"only {status.FramesAccepted} frames accepted");
        Assert.Null(harness.Fault);
    }

    [Fact]
    public async Task ContecV7_StoredSessionThenRealtime_OverARealPty_ReadsRecordsWithDeviceTimeAndStartsTheStream()
    {
        using var pair = new SocatPair();
        await pair.PlugAsync();
        using var device = new DeviceTwin(pair.DevicePath, SerialProtocol.ContecV7);
        using var stop = new CancellationTokenSource();
        var twin = Task.Run(() => AnswerLikeACms50FAsync(device.Link, stop.Token));
        await using var harness = new PtyHarness(PtyHarness.Options1(pair.DriverPath, SerialProtocol.ContecV7, silenceMs: 5000, readStored: true));

        var seen = new List<Observation>();
        var live = await harness.WaitForAsync(
            o =>
            {
                seen.Add(o);
                return !o.Flags.HasFlag(QualityIssues.Stale) && o.Kind == VitalKind.PulseRate;
            },
            TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        var commands = await twin;

        Assert.NotNull(live);
        Assert.Equal(77, live.Value.Observation.Value);
        var stored = seen.Where(o => o.Flags.HasFlag(QualityIssues.Stale)).ToList();
        var start = new DateTimeOffset(2025, 3, 4, 22, 10, 0, TimeSpan.Zero);
        Assert.Equal([61.0, 62.0, 63.0, 64.0, 65.0], stored.Where(o => o.Kind == VitalKind.PulseRate).Select(o => o.Value));
        Assert.Equal([96.0, 95.0, 94.0, 93.0, 92.0], stored.Where(o => o.Kind == VitalKind.SpO2).Select(o => o.Value));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => (DateTimeOffset?)start.AddSeconds(i)), stored.Where(o => o.Kind == VitalKind.SpO2).Select(o => o.DeviceTime));
        Assert.Equal(QualityIssues.Stale, stored[0].Flags);
        Assert.Equal([ContecV7Commands.StopStored, ContecV7Commands.StopRealtime, ContecV7Commands.SessionCount], commands.Take(3));
        Assert.Contains(ContecV7Commands.SessionData, commands);
        Assert.DoesNotContain((byte)0xAE, commands); // never erases
        Assert.Contains(ContecV7Commands.StartRealtime, commands);
        Assert.Null(harness.Fault);
    }

    /// <summary>
    /// A CMS50F twin: answers A3 with one session, A5 with 2025-03-04 22:10:00 (0x07 + 0x12), A4 with a duration,
    /// A6 with 2 packets of 3 samples (the last sample invalid), and starts realtime on A1.
    /// </summary>
    private static async Task<List<byte>> AnswerLikeACms50FAsync(ISerialLink link, CancellationToken stop)
    {
        var pending = new List<byte>();
        var commands = new List<byte>();
        var buffer = new byte[256];
        var streaming = false;
        while (!stop.IsCancellationRequested)
        {
            using var slice = CancellationTokenSource.CreateLinkedTokenSource(stop);
            slice.CancelAfter(20);
            int n;
            try
            {
                n = await link.ReadAsync(buffer, slice.Token);
            }
            catch (OperationCanceledException)
            {
                n = 0;
            }

            pending.AddRange(buffer.AsSpan(0, n).ToArray());
            var replies = new List<byte[]>();

            // Commands are 9 bytes starting 0x7D; the command code is byte 2.
            while (pending.IndexOf(0x7D) is var at && at >= 0 && pending.Count - at >= 9)
            {
                var command = pending[at + 2];
                pending.RemoveRange(0, at + 9);
                commands.Add(command);
                switch (command)
                {
                    case ContecV7Commands.StopStored or ContecV7Commands.StopRealtime:
                        streaming = false;
                        replies.Add(DeviceBytes.ContecV7(0x0C));
                        break;
                    case ContecV7Commands.SessionCount:
                        replies.Add(DeviceBytes.ContecV7(0x0A, 0, 1));
                        break;
                    case ContecV7Commands.SessionStartTime:
                        replies.Add(DeviceBytes.ContecV7(0x07, 0, 0, 20, 25, 3, 4));
                        replies.Add(DeviceBytes.ContecV7(0x12, 0, 0, 22, 10, 0, 0));
                        break;
                    case ContecV7Commands.SessionDuration:
                        replies.Add(DeviceBytes.ContecV7(0x08, 0, 0, 12, 0, 0, 0));
                        break;
                    case ContecV7Commands.SessionData:
                        replies.Add(DeviceBytes.ContecV7(0x0F, 96, 61, 95, 62, 94, 63));
                        replies.Add(DeviceBytes.ContecV7(0x0F, 93, 64, 92, 65, 0x7F, 0xFF));
                        break;
                    case ContecV7Commands.StartRealtime:
                        streaming = true;
                        break;
                }
            }

            if (streaming)
            {
                replies.Add(DeviceBytes.ContecV7Realtime(77, 97));
            }

            foreach (var reply in replies)
            {
                using var timeout = new CancellationTokenSource(1000);
                await link.WriteAsync(reply, timeout.Token);
            }
        }

        return commands;
    }
}
