using System.Text;
using Edge.Drivers.Serial.Masimo;

namespace Edge.Drivers.Tests.Serial.Masimo;

public sealed class MasimoLineFramerTests
{
    private const string LineA =
        "02/22/16 22:47:45 SN=0000056661 SPO2=098% BPM=097 PI=03.60% SPCO=--.-% SPMET=--.-% DESAT=-- PIDELTA=+-- " +
        "ALARM=0000 EXC=000800";

    private const string LineB = "02/22/16 22:47:46 SN=0000056661 SPO2=097% BPM=096 PI=03.58% ALARM=0000 EXC=000800";
    private const string LineC = "02/22/16 22:47:47 SPO2=097% BPM=095 PI=03.55% ALARM=0000 EXC=000800";

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    /// <summary>Feeds <paramref name="chunks"/> one after another and collects every line as a string.</summary>
    private static List<string> Feed(MasimoLineFramer framer, IEnumerable<byte[]> chunks)
    {
        var lines = new List<string>();
        foreach (var chunk in chunks)
        {
            ReadOnlySpan<byte> input = chunk;
            while (framer.TryReadLine(ref input, out var line))
            {
                lines.Add(Encoding.ASCII.GetString(line));
            }

            Assert.True(input.IsEmpty);
        }

        return lines;
    }

    private static List<string> Feed(MasimoLineFramer framer, string text) => Feed(framer, [Ascii(text)]);

    private static IEnumerable<byte[]> RandomChunks(byte[] stream, Random random, int min, int max)
    {
        for (var i = 0; i < stream.Length;)
        {
            var n = Math.Min(random.Next(min, max + 1), stream.Length - i);
            yield return stream[i..(i + n)];
            i += n;
        }
    }

    [Fact]
    public void TryReadLine_CrLfLinesInOneChunk_ReturnsEachLineWithoutTerminators()
    {
        var framer = new MasimoLineFramer();

        var lines = Feed(framer, $"{LineA}\r\n{LineB}\r\n");

        Assert.Equal([LineA, LineB], lines);
        Assert.Equal(2, framer.LinesFramed);
    }

    [Fact]
    public void TryReadLine_LfOnlyAndLfCrTerminators_AreAccepted()
    {
        // MD PnP's comment says "line-feed, carriage-return" while its examples end CR LF; accept both orders.
        var lines = Feed(new MasimoLineFramer(), $"{LineA}\n{LineB}\n\r{LineC}\n\r");

        Assert.Equal([LineA, LineB, LineC], lines);
    }

    [Fact]
    public void TryReadLine_UnfinishedLine_IsHeldUntilItsLfArrives()
    {
        var framer = new MasimoLineFramer();

        Assert.Empty(Feed(framer, LineA[..40]));
        Assert.Equal(40, framer.BufferedByteCount);
        Assert.Equal([LineA], Feed(framer, LineA[40..] + "\r\n"));
        Assert.Equal(0, framer.BufferedByteCount);
    }

    [Fact]
    public void TryReadLine_OneByteAtATime_ReassemblesLines()
    {
        var stream = Ascii($"{LineA}\r\n{LineB}\r\n{LineC}\r\n");

        var lines = Feed(new MasimoLineFramer(), stream.Select(b => new[] { b }));

        Assert.Equal([LineA, LineB, LineC], lines);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void TryReadLine_RandomChunkSizes_ReassemblesEveryLine(int seed)
    {
        var random = new Random(seed);
        var expected = Enumerable.Range(0, 200).Select(i => (i % 3) switch { 0 => LineA, 1 => LineB, _ => LineC }).ToList();
        var stream = Ascii(string.Concat(expected.Select(l => l + "\r\n")));

        var lines = Feed(new MasimoLineFramer(), RandomChunks(stream, random, 1, 64));

        Assert.Equal(expected, lines);
    }

    [Fact]
    public void TryReadLine_NulBytesAnywhere_AreStrippedAndCounted()
    {
        var framer = new MasimoLineFramer();
        var stream = new List<byte> { 0, 0, 0 };
        stream.AddRange(Ascii(LineA[..10]));
        stream.Add(0);
        stream.AddRange(Ascii(LineA[10..]));
        stream.AddRange([0, (byte)'\r', 0, (byte)'\n', 0]);

        var lines = Feed(framer, [stream.ToArray()]);

        Assert.Equal([LineA], lines);
        Assert.Equal(7, framer.NulBytesStripped);
    }

    [Fact]
    public void TryReadLine_PartialFirstLineAfterStart_IsDiscardedAndCounted()
    {
        var framer = new MasimoLineFramer();

        var lines = Feed(framer, $"{LineA[25..]}\r\n{LineB}\r\n");

        Assert.Equal([LineB], lines);
        Assert.Equal(1, framer.PartialLinesDiscarded);
    }

    [Fact]
    public void TryReadLine_FirstLineStartingWithDateStamp_IsKept()
    {
        var framer = new MasimoLineFramer();

        Assert.Equal([LineA], Feed(framer, LineA + "\r\n"));
        Assert.Equal(0, framer.PartialLinesDiscarded);
    }

    [Fact]
    public void TryReadLine_LinesAfterTheFirst_ArePassedOnEvenWithoutDateStamp()
    {
        // Only the first line after a resync can be a fragment; later garbage is the parser's to reject.
        var lines = Feed(new MasimoLineFramer(), $"{LineA}\r\nnot a masimo line\r\n");

        Assert.Equal([LineA, "not a masimo line"], lines);
    }

    [Fact]
    public void Resync_DropsHeldBytesAndDiscardsTheNextPartialLine()
    {
        var framer = new MasimoLineFramer();
        Feed(framer, $"{LineA}\r\n{LineB[..30]}");

        framer.Resync();
        var lines = Feed(framer, $"{LineC[12..]}\r\n{LineC}\r\n");

        Assert.Equal([LineC], lines);
        Assert.Equal(1, framer.PartialLinesDiscarded);
        Assert.Equal(0, framer.BufferedByteCount);
    }

    [Fact]
    public void TryReadLine_EmptyLines_AreSkipped()
    {
        Assert.Equal([LineA, LineB], Feed(new MasimoLineFramer(), $"\r\n\n{LineA}\r\n\r\n\r\n{LineB}\r\n"));
    }

    [Fact]
    public void TryReadLine_OverlongGarbage_IsDroppedCountedAndTheNextLineSurvives()
    {
        var framer = new MasimoLineFramer(64);
        var random = new Random(7);
        var garbage = new byte[1000];
        random.NextBytes(garbage);
        for (var i = 0; i < garbage.Length; i++)
        {
            if (garbage[i] == (byte)'\n')
            {
                garbage[i] = 0x55;
            }
        }

        var stream = Ascii($"{LineC[..40]}\r\n").Concat(garbage).Concat(Ascii($"\n{LineC[..40]}\r\n")).ToArray();
        var maxBuffered = 0;
        var lines = new List<string>();
        foreach (var chunk in RandomChunks(stream, random, 1, 50))
        {
            ReadOnlySpan<byte> input = chunk;
            while (framer.TryReadLine(ref input, out var line))
            {
                lines.Add(Encoding.ASCII.GetString(line));
            }

            maxBuffered = Math.Max(maxBuffered, framer.BufferedByteCount);
        }

        Assert.Equal([LineC[..40], LineC[..40]], lines);
        Assert.Equal(1, framer.OverlongLinesDropped);
        Assert.InRange(maxBuffered, 0, 64);
    }

    [Fact]
    public void TryReadLine_LineExactlyAtTheLimit_IsKept()
    {
        var framer = new MasimoLineFramer(LineB.Length + 1);

        Assert.Equal([LineB], Feed(framer, LineB + "\r\n"));
        Assert.Equal(0, framer.OverlongLinesDropped);
    }

    [Fact]
    public void TryReadLine_LineOneByteOverTheLimit_IsDropped()
    {
        var framer = new MasimoLineFramer(LineB.Length);

        Assert.Equal([LineC], Feed(framer, $"{LineB}\r\n{LineC}\r\n"));
        Assert.Equal(1, framer.OverlongLinesDropped);
    }

    [Fact]
    public void TryReadLine_ReturnedLine_IsAViewThatStaysValidUntilTheNextCall()
    {
        var framer = new MasimoLineFramer();
        ReadOnlySpan<byte> input = Ascii($"{LineA}\r\n{LineB}\r\n");

        Assert.True(framer.TryReadLine(ref input, out var first));
        Assert.Equal(LineA, Encoding.ASCII.GetString(first));
        Assert.True(framer.TryReadLine(ref input, out var second));
        Assert.Equal(LineB, Encoding.ASCII.GetString(second));
        Assert.False(framer.TryReadLine(ref input, out _));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(65537)]
    public void Constructor_MaxLineLengthOutOfRange_Throws(int max)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MasimoLineFramer(max));
    }
}
