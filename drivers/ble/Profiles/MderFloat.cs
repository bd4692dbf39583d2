using System.Buffers.Binary;

namespace Edge.Drivers.Ble;

/// <summary>
/// An IEEE 11073-20601 ("MDER") SFLOAT or FLOAT decoded exactly: a two's-complement base-10 exponent and a
/// two's-complement mantissa, or one of the five special values. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>SFLOAT is a little-endian uint16: bits 15-12 exponent (int4, -8..7), bits 11-0 mantissa (int12,
/// -2048..2047). FLOAT is a little-endian uint32: bits 31-24 exponent (int8), bits 23-0 mantissa (int24). There is no
/// exponent bias (reference/ble.md §1.1 and §2.2: one public parser gets this wrong).</para>
/// <para>The value is kept as <see cref="decimal"/> so 18.9 kPa or 37.60 °C round-trip exactly; a binary float
/// would not. Every int24 mantissa times 10^±128 does not fit a decimal, so <see cref="TryGetDecimal"/> can fail for
/// absurd exponents; <see cref="ToDouble"/> always answers.</para>
/// </remarks>
/// <param name="Kind">A number or a special value.</param>
/// <param name="Mantissa">The signed mantissa (0 for special values).</param>
/// <param name="Exponent">The signed base-10 exponent (0 for special values).</param>
public readonly record struct MderFloat(MderFloatKind Kind, int Mantissa, int Exponent)
{
    /// <summary>True for a finite number.</summary>
    public bool IsNumber => Kind == MderFloatKind.Number;

    /// <summary>Decodes a raw SFLOAT (already assembled from its two little-endian bytes).</summary>
    public static MderFloat FromSFloat(ushort raw) => raw switch
    {
        0x07FF => new(MderFloatKind.NaN, 0, 0),
        0x0800 => new(MderFloatKind.NRes, 0, 0),
        0x07FE => new(MderFloatKind.PositiveInfinity, 0, 0),
        0x0802 => new(MderFloatKind.NegativeInfinity, 0, 0),
        0x0801 => new(MderFloatKind.Reserved, 0, 0),
        _ => new(MderFloatKind.Number, SignExtend(raw & 0x0FFF, 12), SignExtend(raw >> 12, 4)),
    };

    /// <summary>Decodes a raw FLOAT (already assembled from its four little-endian bytes).</summary>
    public static MderFloat FromFloat(uint raw) => raw switch
    {
        0x007FFFFF => new(MderFloatKind.NaN, 0, 0),
        0x00800000 => new(MderFloatKind.NRes, 0, 0),
        0x007FFFFE => new(MderFloatKind.PositiveInfinity, 0, 0),
        0x00800002 => new(MderFloatKind.NegativeInfinity, 0, 0),
        0x00800001 => new(MderFloatKind.Reserved, 0, 0),
        _ => new(MderFloatKind.Number, SignExtend((int)(raw & 0x00FFFFFF), 24), (sbyte)(raw >> 24)),
    };

    /// <summary>Reads a little-endian SFLOAT from the first two bytes of <paramref name="bytes"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than two bytes (a programmer error: check lengths first).</exception>
    public static MderFloat ReadSFloat(ReadOnlySpan<byte> bytes) => FromSFloat(BinaryPrimitives.ReadUInt16LittleEndian(bytes));

    /// <summary>Reads a little-endian FLOAT from the first four bytes of <paramref name="bytes"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than four bytes (a programmer error: check lengths first).</exception>
    public static MderFloat ReadFloat(ReadOnlySpan<byte> bytes) => FromFloat(BinaryPrimitives.ReadUInt32LittleEndian(bytes));

    /// <summary>The exact value as a decimal, when this is a number and it fits a decimal.</summary>
    public bool TryGetDecimal(out decimal value)
    {
        value = 0m;
        if (!IsNumber)
        {
            return false;
        }

        if (Mantissa == 0)
        {
            return true;
        }

        // decimal holds scale 0..28 exactly; beyond that (or a product past 7.9e28) the value is not representable.
        if (Exponent is < -28 or > 28)
        {
            return false;
        }

        if (Exponent < 0)
        {
            value = new decimal(Math.Abs(Mantissa), 0, 0, Mantissa < 0, (byte)-Exponent);
            return true;
        }

        decimal result = Mantissa;
        for (var i = 0; i < Exponent; i++)
        {
            if (Math.Abs(result) > 7.9e27m)
            {
                return false;
            }

            result *= 10m;
        }

        value = result;
        return true;
    }

    /// <summary>
    /// The value as a double: the number (rounded to the nearest double), <see cref="double.NaN"/> for NaN, NRes and
    /// Reserved, and ±infinity for ±INF. Use <see cref="Kind"/> to tell the specials apart.
    /// </summary>
    public double ToDouble() => Kind switch
    {
        MderFloatKind.Number => TryGetDecimal(out var d) ? (double)d : Mantissa * Math.Pow(10, Exponent),
        MderFloatKind.PositiveInfinity => double.PositiveInfinity,
        MderFloatKind.NegativeInfinity => double.NegativeInfinity,
        _ => double.NaN,
    };

    /// <summary>The kind only, never the value, so a decoded vital that reaches a log leaks nothing.</summary>
    public override string ToString() => $"MderFloat({Kind})";

    private static int SignExtend(int value, int bits)
    {
        var shift = 32 - bits;
        return (value << shift) >> shift;
    }
}
