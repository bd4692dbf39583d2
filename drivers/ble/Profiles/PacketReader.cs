using System.Buffers.Binary;

namespace Edge.Drivers.Ble;

/// <summary>
/// Reads the fixed-order fields of a flag-driven GATT characteristic and, on a short or over-long packet, composes
/// the precise rejection text: the characteristic, the field, its size, the offset and the bytes left. Texts carry
/// lengths and offsets only, never values.
/// </summary>
internal ref struct PacketReader
{
    private readonly ReadOnlySpan<byte> _packet;
    private readonly string _characteristic;
    private int _offset;

    public PacketReader(ReadOnlySpan<byte> packet, string characteristic)
    {
        _packet = packet;
        _characteristic = characteristic;
        _offset = 0;
        Error = null;
    }

    /// <summary>The rejection text after a failed <see cref="Take"/> or <see cref="End"/>.</summary>
    public string? Error { get; private set; }

    public readonly int Remaining => _packet.Length - _offset;

    /// <summary>Takes the next <paramref name="size"/> bytes for <paramref name="field"/>.</summary>
    /// <remarks><c>why</c> says why the field is expected (e.g. "flags bit 1 says present"); null for a mandatory field.</remarks>
    public bool Take(int size, string field, string? why, out ReadOnlySpan<byte> bytes)
    {
        if (Remaining < size)
        {
            bytes = default;
            var reason = why is null ? "always present" : why;
            Error = $"{_characteristic}: {field} ({reason}) needs {Plural(size)} at offset {_offset} but " +
                $"{Plural(Math.Max(0, Remaining))} remain (packet is {Plural(_packet.Length)})";
            return false;
        }

        bytes = _packet.Slice(_offset, size);
        _offset += size;
        return true;
    }

    public bool TakeByte(string field, string? why, out byte value)
    {
        var ok = Take(1, field, why, out var b);
        value = ok ? b[0] : (byte)0;
        return ok;
    }

    public bool TakeUInt16(string field, string? why, out ushort value)
    {
        var ok = Take(2, field, why, out var b);
        value = ok ? BinaryPrimitives.ReadUInt16LittleEndian(b) : (ushort)0;
        return ok;
    }

    public bool TakeSFloat(string field, string? why, out MderFloat value)
    {
        var ok = Take(2, field, why, out var b);
        value = ok ? MderFloat.ReadSFloat(b) : default;
        return ok;
    }

    public bool TakeDateTime(string field, string? why, out BleDateTime value)
    {
        value = default;
        if (!Take(BleDateTime.Size, field, why, out var b))
        {
            return false;
        }

        var parsed = BleDateTime.Parse(b);
        if (!parsed.IsSuccess)
        {
            Error = $"{_characteristic}: {field} at offset {_offset - BleDateTime.Size}: {parsed.Error}";
            return false;
        }

        value = parsed.Value;
        return true;
    }

    /// <summary>Succeeds when every byte was consumed; surplus bytes mean flags and payload disagree.</summary>
    public bool End()
    {
        if (Remaining == 0)
        {
            return true;
        }

        Error = $"{_characteristic}: {Plural(Remaining)} remain after the last field the flags announce " +
            $"(offset {_offset}, packet is {Plural(_packet.Length)}); expected none";
        return false;
    }

    /// <summary>Fails with a text of the caller's own (e.g. a reserved enumeration value).</summary>
    public bool Fail(string reason)
    {
        Error = $"{_characteristic}: {reason}";
        return false;
    }

    private static string Plural(int count) => count == 1 ? "1 byte" : $"{count} bytes";
}
