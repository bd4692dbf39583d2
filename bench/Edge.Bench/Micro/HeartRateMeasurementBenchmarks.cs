using BenchmarkDotNet.Attributes;
using Edge.Core;
using Edge.Drivers;
using Edge.Drivers.Ble;

namespace Edge.Bench.Micro;

/// <summary>
/// The BLE Heart Rate Measurement parser on the packet nearly every strap sends. No baseline: the only simpler
/// alternative is reading byte 1, which checks nothing, so a ratio against it would mean nothing.
/// </summary>
[MemoryDiagnoser]
public class HeartRateMeasurementBenchmarks
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    // Flags 0x16 (uint8 rate, contact supported and detected, RR present), 72 /min, one RR of 853/1024 s.
    private readonly byte[] _packet = [0x16, 72, 0x55, 0x03];

    [Benchmark]
    public ParseResult<HeartRateMeasurement> Parse() => HeartRateMeasurementParser.Parse(_packet);

    /// <summary>What the driver does per notification: parse, then map to observations (HR and one RR).</summary>
    [Benchmark]
    public IReadOnlyList<Observation> ParseAndMap() =>
        HeartRateMeasurementParser.ToObservations(HeartRateMeasurementParser.Parse(_packet).Value, "02:ED:6E:00:00:01", ReceivedAt);
}
