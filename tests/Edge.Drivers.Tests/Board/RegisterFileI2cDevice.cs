using System.Device.I2c;

namespace Edge.Drivers.Tests.Board;

/// <summary>
/// A simulated MLX90614 as a register file: 16-bit little-endian RAM words read by a one-byte register write followed
/// by a two-byte read (Melexis SMBus "read word"; what the Iot.Device.Bindings binding does). Register 0x06 is Ta
/// (ambient), 0x07 is Tobj1; raw = (°C + 273.15) / 0.02. <see cref="ObjectScript"/>, when not empty, supplies the next
/// object word per read, so a test decides exactly what each sample is.
/// </summary>
internal sealed class RegisterFileI2cDevice : I2cDevice
{
    public const byte AmbientRegister = 0x06;
    public const byte ObjectRegister = 0x07;

    public Dictionary<byte, ushort> Registers { get; } = new() { [AmbientRegister] = Raw(22.0), [ObjectRegister] = Raw(22.0) };

    /// <summary>Object words (or null for an I2C failure) consumed one per read; when empty, the register holds.</summary>
    public Queue<ushort?> ObjectScript { get; } = new();

    /// <summary>Completes when the script has been consumed.</summary>
    public TaskCompletionSource ScriptDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Reads { get; private set; }

    public bool Disposed { get; private set; }

    public override I2cConnectionSettings ConnectionSettings { get; } = new(1, 0x5A);

    public static ushort Raw(double celsius) => (ushort)Math.Round((celsius + 273.15) / 0.02);

    public override void Read(Span<byte> buffer) => throw new NotSupportedException("The MLX90614 is read with WriteRead.");

    public override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException("Writes are EEPROM operations, not used.");

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        Reads++;
        var register = writeBuffer[0];
        ushort word;
        if (register == ObjectRegister && ObjectScript.Count > 0)
        {
            var next = ObjectScript.Dequeue();
            if (ObjectScript.Count == 0)
            {
                ScriptDone.TrySetResult();
            }

            word = next ?? throw new IOException("Simulated I2C NACK.");
        }
        else
        {
            word = Registers[register];
        }

        readBuffer[0] = (byte)word;
        readBuffer[1] = (byte)(word >> 8);
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
