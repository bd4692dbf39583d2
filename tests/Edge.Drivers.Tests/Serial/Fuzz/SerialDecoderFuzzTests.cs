using System.Diagnostics;
using Edge.Core;
using Edge.Drivers.Serial;
using Xunit.Abstractions;

namespace Edge.Drivers.Tests.Serial.Fuzz;

/// <summary>
/// Seeded fuzzing of every serial decoder (framer + parser + lock-on + coalescing): at least a million random bytes
/// each, in random chunk sizes. No exception, no hang (a time budget), memory bounded, and pure noise never becomes a
/// reading. <c>EDGE_SERIAL_FUZZ_MB</c> raises the size per decoder (bench/serial-fuzz.sh); the seed comes from
/// <c>EDGE_SERIAL_FUZZ_SEED</c> when set.
/// </summary>
public sealed class SerialDecoderFuzzTests(ITestOutputHelper output)
{
    private const long RetainedBytesBound = 4 * 1024 * 1024;

    public static TheoryData<SerialProtocol> Protocols => new(Enum.GetValues<SerialProtocol>());

    private static int Megabytes => Math.Max(1, int.TryParse(Environment.GetEnvironmentVariable("EDGE_SERIAL_FUZZ_MB"), out var mb) ? mb : 1);

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("EDGE_SERIAL_FUZZ_SEED"), out var s) ? s : 20250301;

    private static SerialDecoder Create(SerialProtocol protocol) =>
        SerialDecoders.Create(new SerialPortOptions { Path = "/dev/serial/by-id/fuzz", Protocol = protocol }, new SerialOptions { NumericIntervalMs = 0 });

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Decoder_RandomBytes_NeverThrowsNeverInventsReadingsAndStaysBounded(SerialProtocol protocol)
    {
        var random = new Random(Seed + (int)protocol);
        var decoder = Create(protocol);
        var block = new byte[1024 * 1024];
        var batch = new List<Observation>();
        long observations = 0, bytes = 0;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();

        for (var mb = 0; mb < Megabytes; mb++)
        {
            random.NextBytes(block);
            for (var offset = 0; offset < block.Length;)
            {
                var n = Math.Min(random.Next(1, 300), block.Length - offset);
                batch.Clear();
                decoder.Decode(block.AsSpan(offset, n), DecoderHarness.T0, batch);
                observations += batch.Count;
                offset += n;
                bytes += n;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30 * Megabytes), "decoding is too slow: a hang or quadratic path");
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine(
            $"{protocol}: {bytes / 1e6:F1} MB in {seconds:F2} s = {bytes / 1e6 / seconds:F1} MB/s; frames {decoder.FramesAccepted}, " +
            $"rejected {decoder.FramesRejected}, discarded {decoder.BytesDiscarded}, observations {observations}");
        Assert.Equal(0, observations);
        Assert.True(decoder.BytesDiscarded > 0);
        Assert.InRange(retained, long.MinValue, RetainedBytesBound);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Decoder_RealFramesSplicedIntoAMegabyteOfNoise_RecoversAfterEveryBurst(SerialProtocol protocol)
    {
        // After each noise burst a clean run (warm-up plus 3 frames) is sent; the last frame of each run must arrive
        // with its own value, and no value outside the sent set may appear.
        var random = new Random(Seed ^ 0x5A5A + (int)protocol);
        var decoder = Create(protocol);
        var sent = new HashSet<int>();
        var expectedLast = new List<int>();
        var received = new List<int>();
        var batch = new List<Observation>();
        var total = 0;
        var burst = 0;
        while (total < 1024 * 1024)
        {
            var noise = new byte[random.Next(50, 3000)];
            random.NextBytes(noise);
            byte[] separator = protocol == SerialProtocol.Masimo ? [(byte)'\n'] : [];
            var run = new List<byte[]> { noise, separator, DeviceBytes.Warmup(protocol) };

            // Nonin DF2/DF7 frames mean nothing before a SYNC: a packet cut by noise is dropped, the next one counts.
            var frames = protocol is SerialProtocol.NoninDf2 or SerialProtocol.NoninDf7 ? 4 : 3;
            for (var i = 0; i < frames; i++)
            {
                var pr = 40 + ((burst * 7 + i) % 150);
                sent.Add(pr);
                run.Add(Frame(protocol, pr, burst + i));
                if (i == frames - 1)
                {
                    expectedLast.Add(pr);
                }
            }

            run.Add(DeviceBytes.Trailer(protocol));
            var bytes = DeviceBytes.Concat([.. run]);
            total += bytes.Length;
            burst++;
            foreach (var chunk in DeviceBytes.Chunks(bytes, random, 1, 200))
            {
                batch.Clear();
                decoder.Decode(chunk, DecoderHarness.T0.AddSeconds(burst), batch);
                received.AddRange(batch.Where(o => o.Kind == VitalKind.PulseRate).Select(o => (int)o.Value));
            }
        }

        output.WriteLine($"{protocol}: {burst} bursts, {received.Count} readings, discarded {decoder.BytesDiscarded}");
        Assert.All(received, pr => Assert.Contains(pr, sent));
        var missed = expectedLast.Count(pr => !received.Contains(pr));
        Assert.True(missed <= burst / 100, $"{missed} of {burst} runs lost their last frame");
    }

    private static byte[] Frame(SerialProtocol protocol, int pr, int index) => protocol switch
    {
        SerialProtocol.Masimo => System.Text.Encoding.ASCII.GetBytes($"03/04/25 10:{index / 60 % 60:D2}:{index % 60:D2} SPO2=095% BPM={pr:D3} PI=02.00% ALARM=0000 EXC=000800\r\n"),
        SerialProtocol.NoninDf2 => DeviceBytes.NoninPacket(false, pr, 95),
        SerialProtocol.NoninDf7 => DeviceBytes.NoninPacket(true, pr, 95),
        SerialProtocol.NoninDf8 => DeviceBytes.NoninDf8(pr, 95),
        SerialProtocol.NoninDf13 => DeviceBytes.NoninDf13(new DateTime(2025, 3, 4, 10, index / 60 % 60, index % 60), pr, 95),
        SerialProtocol.ContecLegacy => DeviceBytes.ContecLegacy(pr, 95),
        SerialProtocol.ContecV7 => DeviceBytes.ContecV7Realtime(pr, 95),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };
}
