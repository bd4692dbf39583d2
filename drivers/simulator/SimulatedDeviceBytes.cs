using System.Globalization;
using System.Text;
using Edge.Drivers.Serial.Masimo;

namespace Edge.Drivers.Simulator;

/// <summary>The device side of the simulator: what a strap and a Rad-8 would put on the wire. Stateless.</summary>
internal static class SimulatedDeviceBytes
{
    /// <summary>
    /// A Heart Rate Measurement (0x2A37) value: flags 0x16 (uint8 format, contact supported and detected, RR present),
    /// the rate, and one RR interval of 60/HR s in 1/1024 s units.
    /// </summary>
    public static byte[] HeartRateMeasurement(int heartRate)
    {
        var bpm = Math.Clamp(heartRate, 30, 255);
        var rr = (ushort)Math.Round(60.0 * 1024.0 / bpm);
        return [0x16, (byte)bpm, (byte)(rr & 0xFF), (byte)(rr >> 8)];
    }

    /// <summary>
    /// A Rad-8 "ASCII 1" line with CR LF (field layout of the yahnatan/pulseox capture, reference/serial.md §1.3),
    /// stamped with <paramref name="utcNow"/> as a device clock set to UTC. A probe-off line has dashed SpO2 and
    /// pulse rate, PI 00.00 and EXC 000828 (Pulse Search, Sensor Off, SET, as the Rad-8 manual's sample shows).
    /// SpO2 below 89 % raises ALARM 000012 (alarm active, SpO2 low).
    /// </summary>
    public static byte[] MasimoLine(DateTimeOffset utcNow, long serialNumber, SimulatedVitals v)
    {
        var stamp = MasimoDeviceTime.Format(utcNow.UtcDateTime);
        var line = v.ProbeOff
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{stamp} SN={serialNumber:D10} SPO2=---% BPM=--- PI=00.00% SPCO=--.-% SPMET=--.-% DESAT=-- PIDELTA=+-- ALARM=0000 EXC=000828\r\n")
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{stamp} SN={serialNumber:D10} SPO2={v.SpO2:D3}% BPM={v.PulseRate:D3} PI={v.PerfusionIndex:00.00}% SPCO=--.-% SPMET=--.-% DESAT=-- PIDELTA=+-- ALARM={(v.SpO2 < 89 ? "000012" : "0000")} EXC=000800\r\n");
        return Encoding.ASCII.GetBytes(line);
    }
}
