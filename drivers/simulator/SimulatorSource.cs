using System.Globalization;
using System.Runtime.CompilerServices;
using Edge.Core;
using Edge.Drivers.Ble;
using Edge.Drivers.Serial.Masimo;
using Microsoft.Extensions.Options;

namespace Edge.Drivers.Simulator;

/// <summary>
/// A seeded simulation of a few patients, each with a BLE heart-rate strap and a Masimo Rad-8 on a serial port. It
/// makes raw device bytes and runs them through the real parsers (<see cref="HeartRateMeasurementParser"/>, and
/// <see cref="MasimoLineFramer"/> fed in random 2-20 byte chunks plus <see cref="MasimoLineParser"/>), so the demo
/// exercises the same code as the hardware.
/// </summary>
/// <remarks>
/// <para>Per tick each device sends one message; the observations of a tick come out in patient order, strap before
/// oximeter. Patient index 1 deteriorates from tick 20 for 60 ticks (SpO2 88-90 %, HR 125-135); about one oximeter
/// tick in 50 is a probe-off that yields only a flagged PI. The same <see cref="SimulatorOptions.Seed"/> gives the
/// same (source, kind, value, flags) sequence on every run and every enumeration.</para>
/// <para>Time comes only from the injected <see cref="TimeProvider"/>: gateway receive time, the Masimo device clock
/// (its UTC time, printed as the device would) and the wait between ticks.</para>
/// <para>Thread safety: each call to <see cref="ReadAllAsync"/> runs its own simulation and may run concurrently with
/// others; <see cref="RejectedMessages"/> is shared and safe to read from any thread.</para>
/// </remarks>
public sealed class SimulatorSource : IObservationSource
{
    private const long SerialNumberBase = 9_000_000_000;

    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;
    private long _rejected;

    /// <summary>Creates the source.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names the key.</exception>
    public SimulatorSource(IOptions<SimulatorOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var o = options.Value;
        Require(o.Patients is >= 1 and <= 64, nameof(o.Patients), o.Patients, "1 to 64");
        Require(o.IntervalMs is >= 0 and <= 3_600_000, nameof(o.IntervalMs), o.IntervalMs, "0 to 3600000");
        Require(o.ReadingsPerDevice >= 0, nameof(o.ReadingsPerDevice), o.ReadingsPerDevice, "0 (unlimited) or more");

        // Copy, so that a later change to the bound options object cannot change a running simulation.
        _options = new SimulatorOptions
        {
            Patients = o.Patients,
            IntervalMs = o.IntervalMs,
            Seed = o.Seed,
            ReadingsPerDevice = o.ReadingsPerDevice,
        };
        _time = timeProvider;
    }

    /// <inheritdoc/>
    public string Name => "simulator";

    /// <summary>Device messages the parsers rejected, over all runs. Rejections never end the stream.</summary>
    public long RejectedMessages => Interlocked.Read(ref _rejected);

    /// <summary>
    /// The BLE address of patient <paramref name="patientIndex"/>'s strap: <c>02:ED:6E:00:00:{i:X2}</c>, a locally
    /// administered address that no real device has.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside 0..63.</exception>
    public static string StrapAddress(int patientIndex)
    {
        CheckIndex(patientIndex);
        return string.Create(CultureInfo.InvariantCulture, $"02:ED:6E:00:00:{patientIndex:X2}");
    }

    /// <summary>
    /// The serial port of patient <paramref name="patientIndex"/>'s oximeter, in the udev by-id form:
    /// <c>/dev/serial/by-id/usb-Simulated_Masimo_Rad-8_SIM{i:D4}-if00-port0</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside 0..63.</exception>
    public static string OximeterPort(int patientIndex)
    {
        CheckIndex(patientIndex);
        return string.Create(
            CultureInfo.InvariantCulture, $"/dev/serial/by-id/usb-Simulated_Masimo_Rad-8_SIM{patientIndex:D4}-if00-port0");
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<Observation> ReadAllAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = _options.Patients;
        var patients = new SimulatedPatient[count];
        var framers = new MasimoLineFramer[count];
        var straps = new string[count];
        var ports = new string[count];
        for (var i = 0; i < count; i++)
        {
            patients[i] = new SimulatedPatient(_options.Seed, i);
            framers[i] = new MasimoLineFramer();
            straps[i] = StrapAddress(i);
            ports[i] = OximeterPort(i);
        }

        // Chunking has its own stream: it changes how bytes arrive, never what they say.
        var chunking = new Random(unchecked(_options.Seed ^ 0x5EED));
        var batch = new List<Observation>(count * 5);
        var limit = _options.ReadingsPerDevice;

        for (long tick = 0; limit == 0 || tick < limit; tick++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = _time.GetUtcNow();
            batch.Clear();
            for (var i = 0; i < count; i++)
            {
                var vitals = patients[i].Next(tick);
                DecodeStrap(SimulatedDeviceBytes.HeartRateMeasurement(vitals.HeartRate), straps[i], now, batch);
                DecodeOximeter(
                    framers[i], SimulatedDeviceBytes.MasimoLine(now, SerialNumberBase + i, vitals), ports[i], now, chunking, batch);
            }

            foreach (var observation in batch)
            {
                yield return observation;
            }

            if (limit != 0 && tick == limit - 1)
            {
                yield break;
            }

            if (_options.IntervalMs > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(_options.IntervalMs), _time, cancellationToken);
            }
            else
            {
                await Task.Yield();
            }
        }
    }

    /// <summary>Parses one strap notification into <paramref name="into"/>; a rejection is counted.</summary>
    internal void DecodeStrap(ReadOnlySpan<byte> packet, string source, DateTimeOffset receivedAt, List<Observation> into)
    {
        var result = HeartRateMeasurementParser.Parse(packet);
        if (result.TryGetValue(out var measurement))
        {
            into.AddRange(HeartRateMeasurementParser.ToObservations(measurement, source, receivedAt));
        }
        else
        {
            Interlocked.Increment(ref _rejected);
        }
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> through <paramref name="framer"/> in random chunks of 2-20 bytes, as a serial
    /// port would deliver them, and parses every complete line into <paramref name="into"/>; rejections are counted.
    /// </summary>
    internal void DecodeOximeter(
        MasimoLineFramer framer,
        ReadOnlySpan<byte> bytes,
        string source,
        DateTimeOffset receivedAt,
        Random chunking,
        List<Observation> into)
    {
        while (!bytes.IsEmpty)
        {
            var size = Math.Min(chunking.Next(2, 21), bytes.Length);
            var chunk = bytes[..size];
            bytes = bytes[size..];
            while (framer.TryReadLine(ref chunk, out var line))
            {
                var result = MasimoLineParser.Parse(line);
                if (result.TryGetValue(out var reading))
                {
                    into.AddRange(MasimoLineParser.ToObservations(reading, source, receivedAt));
                }
                else
                {
                    Interlocked.Increment(ref _rejected);
                }
            }
        }
    }

    private static void CheckIndex(int patientIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patientIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(patientIndex, 63);
    }

    private static void Require(bool ok, string key, int value, string range)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(
                $"{SimulatorOptions.SectionName}:{key}", value, $"{SimulatorOptions.SectionName}:{key} must be {range}.");
        }
    }
}
