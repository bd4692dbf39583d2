using System.Text;
using Edge.Drivers.Ble;
using Edge.Drivers.Serial.Masimo;

namespace Edge.Drivers.Tests.Fuzz;

/// <summary>
/// Seeded random inputs: the parsers must never throw on device bytes, must agree with an independent length oracle,
/// and must not hold on to memory.
/// </summary>
public sealed class ParserFuzzTests
{
    private const long RetainedBytesBound = 4 * 1024 * 1024;

    [Fact]
    public void HeartRateParser_200000RandomPackets_NeverThrowsAndMatchesLengthOracle()
    {
        var random = new Random(20250301);
        var buffer = new byte[24];
        int successes = 0, failures = 0;
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < 200_000; i++)
        {
            var length = random.Next(0, buffer.Length + 1);
            var packet = buffer.AsSpan(0, length);
            random.NextBytes(packet);

            var result = HeartRateMeasurementParser.Parse(packet);

            // Oracle, written independently of the parser: flags fix the length, except for an even RR tail.
            var valid = false;
            if (length > 0)
            {
                var flags = packet[0];
                var fixedLength = 1 + ((flags & 0x01) != 0 ? 2 : 1) + ((flags & 0x08) != 0 ? 2 : 0);
                var tail = length - fixedLength;
                valid = (flags & 0x10) != 0 ? tail >= 0 && tail % 2 == 0 : tail == 0;
            }

            Assert.Equal(valid, result.IsSuccess);
            if (result.IsSuccess)
            {
                successes++;
                var m = result.Value;
                var fieldBytes = 1 + (m.IsUInt16Format ? 2 : 1) + (m.EnergyExpended is null ? 0 : 2);
                Assert.Equal((length - fieldBytes) / 2, m.RrIntervals.Count);
            }
            else
            {
                failures++;
                Assert.False(string.IsNullOrWhiteSpace(result.Error));
            }
        }

        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.True(successes > 1000, $"only {successes} packets parsed; the generator is not reaching the parser");
        Assert.True(failures > 1000, $"only {failures} packets failed");
        Assert.InRange(retained, long.MinValue, RetainedBytesBound);
    }

    [Fact]
    public void MasimoFramerAndParser_OneMegabyteOfRandomBytes_NeverThrowAndStayBounded()
    {
        var random = new Random(424242);
        var stream = new byte[1024 * 1024];
        random.NextBytes(stream);

        var stats = Run(stream, random);

        Assert.True(stats.Lines > 100, $"only {stats.Lines} lines framed");
        Assert.True(stats.Framer.OverlongLinesDropped > 0, "random bytes should contain lines longer than 512 bytes");
        Assert.True(stats.Framer.NulBytesStripped > 0);
        Assert.Equal(stats.Lines, stats.Rejected + stats.Parsed);
        Assert.Equal(0, stats.Parsed);
    }

    [Fact]
    public void MasimoFramerAndParser_OneMegabyteOfLineLikeNoiseWithRealLines_RecoverEveryRealLine()
    {
        // Noise drawn from the characters a Masimo line is made of reaches deep into the parser; real lines spliced
        // in after an LF must all survive whatever came before them.
        var random = new Random(8675309);
        var alphabet = Encoding.ASCII.GetBytes("0123456789/:= %-.+SPOBMIAXCLRNEDTV\r\n\0\u00ff");
        var real = Encoding.ASCII.GetBytes("\n02/22/16 22:47:45 SN=0000056661 SPO2=098% BPM=097 PI=03.60% ALARM=0000 EXC=000800\r\n");
        var stream = new List<byte>(1024 * 1024 + 4096);
        var inserted = 0;
        while (stream.Count < 1024 * 1024)
        {
            if (random.Next(40) == 0)
            {
                stream.AddRange(real);
                inserted++;
            }
            else
            {
                stream.Add(alphabet[random.Next(alphabet.Length)]);
            }
        }

        var stats = Run(stream.ToArray(), random);

        Assert.True(inserted > 100);
        Assert.True(stats.Parsed >= inserted, $"{stats.Parsed} lines parsed but {inserted} real lines were sent");
        Assert.True(stats.Rejected > 1000, "noise should reach the parser and be rejected");
    }

    private static RunStats Run(byte[] stream, Random random)
    {
        var framer = new MasimoLineFramer();
        var stats = new RunStats(framer);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var offset = 0; offset < stream.Length;)
        {
            var n = Math.Min(random.Next(1, 257), stream.Length - offset);
            ReadOnlySpan<byte> input = stream.AsSpan(offset, n);
            offset += n;
            while (framer.TryReadLine(ref input, out var line))
            {
                stats.Lines++;
                Assert.InRange(line.Length, 1, framer.MaxLineLength);
                Assert.Equal(-1, line.IndexOfAny((byte)0, (byte)'\n'));
                var result = MasimoLineParser.Parse(line);
                if (result.IsSuccess)
                {
                    stats.Parsed++;
                }
                else
                {
                    stats.Rejected++;
                    Assert.False(string.IsNullOrWhiteSpace(result.Error));
                }
            }

            Assert.InRange(framer.BufferedByteCount, 0, framer.MaxLineLength);
        }

        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.InRange(retained, long.MinValue, RetainedBytesBound);
        return stats;
    }

    private sealed class RunStats(MasimoLineFramer framer)
    {
        public MasimoLineFramer Framer { get; } = framer;

        public long Lines { get; set; }

        public long Parsed { get; set; }

        public long Rejected { get; set; }
    }
}
