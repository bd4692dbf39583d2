namespace Edge.Drivers.Ble;

/// <summary>
/// What an IEEE 11073-20601 SFLOAT or FLOAT holds: a finite number or one of the five special values the standard
/// reserves (IEEE 11073-20601 §F.8; Bluetooth PHD Transcoding White Paper §2.2). The special values are defined only
/// with exponent 0; the same mantissa with any other exponent is an ordinary number.
/// </summary>
public enum MderFloatKind : byte
{
    /// <summary>A finite number: mantissa × 10^exponent.</summary>
    Number = 0,

    /// <summary>Not a Number (SFLOAT 0x07FF, FLOAT 0x007FFFFF): the device has no valid value, e.g. finger out.</summary>
    NaN = 1,

    /// <summary>Not at this Resolution (SFLOAT 0x0800, FLOAT 0x00800000): the value does not fit the format.</summary>
    NRes = 2,

    /// <summary>+INFINITY (SFLOAT 0x07FE, FLOAT 0x007FFFFE).</summary>
    PositiveInfinity = 3,

    /// <summary>-INFINITY (SFLOAT 0x0802, FLOAT 0x00800002).</summary>
    NegativeInfinity = 4,

    /// <summary>Reserved for future use (SFLOAT 0x0801, FLOAT 0x00800001).</summary>
    Reserved = 5,
}
