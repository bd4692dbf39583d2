using Edge.Drivers.Ble;

namespace Edge.Drivers.Tests.Ble.Profiles;

/// <summary>
/// Properties every flag-driven parser must have, checked on seeded random bytes: nothing but the parser's own
/// rejection ever comes out (no exception), a rejection always has a reason, and an accepted packet has exactly the
/// length its flags announce (one byte less and one byte more are both rejected).
/// </summary>
public sealed class ProfilePropertyTests
{
    public static TheoryData<string> Parsers => new(Table.Keys);

    // Each parser with a valid seed packet (from the cited vectors in the per-profile tests) that the generator mutates.
    private static readonly Dictionary<string, (Func<byte[], (bool Ok, string? Error)> Parse, string Seed)> Table = new()
    {
        ["bp"] = (b => R(BloodPressureMeasurementParser.Parse(b)), "1E 8A00 5800 7800 0000 04 11 14 29 3B 3C00 01 2700"),
        ["icp"] = (b => R(BloodPressureMeasurementParser.ParseIntermediateCuffPressure(b)), "04 8A00 0000 0000 3C00"),
        ["temperature"] = (b => R(TemperatureMeasurementParser.Parse(b)), "06 B00E00FE DC070C05 0B321B 04"),
        ["plx-spot"] = (b => R(PlxMeasurementParser.ParseSpotCheck(b)), "1F D4F3 6300 E9070C190E1E2D 0002 200800 1CF0"),
        ["plx-continuous"] = (b => R(PlxMeasurementParser.ParseContinuous(b)), "1F D4F3 6300 CAF3 6400 D8F3 6200 2000 020000 0A00"),
        ["weight"] = (b => R(WeightMeasurementParser.Parse(b)), "0F 543D E7070C190E1E2D 03 F500 A802"),
        ["glucose"] = (b => R(GlucoseMeasurementParser.Parse(b)), "1B 0100 E307021B0B0A1E FBFF 1E00 12 0501"),
        ["glucose-context"] = (b => R(GlucoseMeasurementParser.ParseContext(b)), "FF 0000 B3 03 6400 04 12 3C00 32 04 D2F4 59F1"),
        ["racp"] = (b => R(Racp.ParseResponse(b)), "06 00 01 01"),
        ["date-time"] = (b => R(BleDateTime.Parse(b)), "DC07 0C 05 0B 32 1B"),
        ["current-time"] = (b => R(CurrentTime.Parse(b)), "E9 07 01 0F 0E 1E 2D 03 21 01"),
    };

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Parse_RandomBytes_OnlyRejectsAndAcceptedLengthIsExact(string parser)
    {
        var (parse, seedHex) = Table[parser];
        var seed = Hex.Bytes(seedHex);
        var random = new Random(parser.Length * 7919);
        int accepted = 0;
        for (var i = 0; i < 30_000; i++)
        {
            byte[] packet;
            if (i % 2 == 0)
            {
                packet = new byte[random.Next(0, 24)];
                random.NextBytes(packet);
            }
            else
            {
                // Mutate the valid seed: one random byte, then maybe a flags bit flip and a length change.
                packet = [.. seed];
                packet[random.Next(packet.Length)] = (byte)random.Next(256);
                if (random.Next(2) == 0)
                {
                    packet[0] ^= (byte)(1 << random.Next(8));
                }

                var resize = random.Next(-3, 4);
                packet = resize < 0 ? packet[..Math.Max(0, packet.Length + resize)] : [.. packet, .. new byte[resize]];
            }

            var (ok, error) = parse(packet);
            if (!ok)
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
                continue;
            }

            accepted++;
            Assert.False(parse(packet[..^1]).Ok);
            Assert.False(parse([.. packet, 0x00]).Ok);
        }

        Assert.True(accepted > 0, $"{parser}: no random packet was accepted; the generator does not reach the parser");
    }

    private static (bool, string?) R<T>(ParseResult<T> r) => (r.IsSuccess, r.Error);
}
