using Edge.Drivers.Ble;

namespace Edge.Drivers.Tests.Ble.Profiles;

public sealed class MderFloatTests
{
    [Fact]
    public void SFloat_NordicVector_65F0_Is10Point1()
    {
        // NordicSemiconductor/Android-BLE-Library ble/src/test/.../data/DataTest.java setValue_SFLOAT_hex.
        var f = MderFloat.ReadSFloat(Hex.Bytes("65 F0"));

        Assert.True(f.TryGetDecimal(out var d));
        Assert.Equal(10.1m, d);
        Assert.Equal((101, -1), (f.Mantissa, f.Exponent));
    }

    [Fact]
    public void Float_NordicVector_87D612FE_Is12345Point67()
    {
        // Same file, setValue_FLOAT_hex.
        Assert.True(MderFloat.ReadFloat(Hex.Bytes("87 D6 12 FE")).TryGetDecimal(out var d));
        Assert.Equal(12345.67m, d);
    }

    [Fact]
    public void SFloat_ExponentHasNoBias_F00AIsOneAnd700AIsTenToTheEighth()
    {
        // reference/ble.md §2.2: a public parser reads 0x700A as 1.0 (bias 8). IEEE 11073-20601 has no bias.
        Assert.True(MderFloat.FromSFloat(0xF00A).TryGetDecimal(out var one));
        Assert.Equal(1.0m, one);
        Assert.True(MderFloat.FromSFloat(0x700A).TryGetDecimal(out var big));
        Assert.Equal(100_000_000m, big);
    }

    [Theory]
    [InlineData((ushort)0x07FF, MderFloatKind.NaN)]
    [InlineData((ushort)0x0800, MderFloatKind.NRes)]
    [InlineData((ushort)0x07FE, MderFloatKind.PositiveInfinity)]
    [InlineData((ushort)0x0802, MderFloatKind.NegativeInfinity)]
    [InlineData((ushort)0x0801, MderFloatKind.Reserved)]
    public void SFloat_SpecialValues_AreRecognisedAndHaveNoDecimal(ushort raw, MderFloatKind kind)
    {
        var f = MderFloat.FromSFloat(raw);

        Assert.Equal(kind, f.Kind);
        Assert.False(f.TryGetDecimal(out _));
    }

    [Theory]
    [InlineData(0x007FFFFFu, MderFloatKind.NaN)]
    [InlineData(0x00800000u, MderFloatKind.NRes)]
    [InlineData(0x007FFFFEu, MderFloatKind.PositiveInfinity)]
    [InlineData(0x00800002u, MderFloatKind.NegativeInfinity)]
    [InlineData(0x00800001u, MderFloatKind.Reserved)]
    public void Float_SpecialValues_AreRecognised(uint raw, MderFloatKind kind)
    {
        Assert.Equal(kind, MderFloat.FromFloat(raw).Kind);
    }

    [Fact]
    public void SpecialMantissas_WithNonZeroExponent_AreOrdinaryNumbers()
    {
        // The specials are defined as whole 16-bit values with exponent 0 (IEEE 11073-20601 Annex F.8).
        var f = MderFloat.FromSFloat(0x17FF);

        Assert.Equal(MderFloatKind.Number, f.Kind);
        Assert.Equal((2047, 1), (f.Mantissa, f.Exponent));
    }

    [Fact]
    public void ToDouble_Specials_MapToNaNAndInfinities()
    {
        Assert.True(double.IsNaN(MderFloat.FromSFloat(0x0801).ToDouble()));
        Assert.Equal(double.PositiveInfinity, MderFloat.FromSFloat(0x07FE).ToDouble());
        Assert.Equal(double.NegativeInfinity, MderFloat.FromFloat(0x00800002).ToDouble());
    }

    [Fact]
    public void SFloat_AllRawValues_DecodeExactlyAsSignedMantissaTimesPowerOfTen()
    {
        // Exhaustive property over all 65 536 SFLOATs against an independent decode of the bit fields.
        var specials = 0;
        for (var raw = 0; raw <= 0xFFFF; raw++)
        {
            var f = MderFloat.FromSFloat((ushort)raw);
            if (!f.IsNumber)
            {
                specials++;
                Assert.True(raw is 0x07FF or 0x0800 or 0x07FE or 0x0802 or 0x0801);
                continue;
            }

            var exponent = raw >> 12 >= 8 ? (raw >> 12) - 16 : raw >> 12;
            var mantissa = (raw & 0xFFF) >= 0x800 ? (raw & 0xFFF) - 0x1000 : raw & 0xFFF;
            Assert.Equal((mantissa, exponent), (f.Mantissa, f.Exponent));
            Assert.True(f.TryGetDecimal(out var d));
            Assert.Equal(mantissa * Math.Pow(10, exponent), (double)d, 1e-9 * Math.Max(1, Math.Abs((double)d)));
        }

        Assert.Equal(5, specials);
    }

    [Fact]
    public void Float_RandomRawValues_NeverThrowAndAgreeWithBitFields()
    {
        var random = new Random(11073);
        Span<byte> b = stackalloc byte[4];
        for (var i = 0; i < 100_000; i++)
        {
            random.NextBytes(b);
            var raw = BitConverter.ToUInt32(b);
            var f = MderFloat.FromFloat(raw);
            _ = f.ToDouble();
            if (f.IsNumber)
            {
                Assert.Equal((sbyte)(raw >> 24), f.Exponent);
                var m = (int)(raw & 0xFFFFFF);
                Assert.Equal(m >= 0x800000 ? m - 0x1000000 : m, f.Mantissa);
            }
        }
    }

    [Fact]
    public void ToString_NeverPrintsTheValue()
    {
        Assert.DoesNotContain("101", MderFloat.ReadSFloat(Hex.Bytes("65 F0")).ToString(), StringComparison.Ordinal);
    }
}
