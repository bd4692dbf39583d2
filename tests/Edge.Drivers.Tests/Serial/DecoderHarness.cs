using Edge.Core;
using Edge.Drivers.Serial;

namespace Edge.Drivers.Tests.Serial;

/// <summary>Feeds a decoder in random chunks, as a serial port delivers bytes (reference/serial.md §6.2 P6).</summary>
internal static class DecoderHarness
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Decodes <paramref name="bytes"/> in random 1-17 byte chunks, all stamped <paramref name="at"/>.</summary>
    public static List<Observation> Feed(SerialDecoder decoder, byte[] bytes, int seed = 1, DateTimeOffset? at = null)
    {
        var all = new List<Observation>();
        var batch = new List<Observation>();
        foreach (var chunk in DeviceBytes.Chunks(bytes, new Random(seed)))
        {
            batch.Clear();
            decoder.Decode(chunk, at ?? T0, batch);
            all.AddRange(batch);
        }

        return all;
    }

    /// <summary>Decodes each part as its own read, one second apart, so coalescing lets every part through.</summary>
    public static List<Observation> FeedSeconds(SerialDecoder decoder, IEnumerable<byte[]> parts, int seed = 1)
    {
        var all = new List<Observation>();
        var t = T0;
        foreach (var part in parts)
        {
            all.AddRange(Feed(decoder, part, seed++, t));
            t = t.AddSeconds(1);
        }

        return all;
    }

    public static double? Value(IEnumerable<Observation> observations, VitalKind kind) =>
        observations.LastOrDefault(o => o.Kind == kind)?.Value;
}
