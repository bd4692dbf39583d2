using BenchmarkDotNet.Attributes;
using Edge.Drivers;
using Edge.Drivers.Serial.Masimo;

namespace Edge.Bench.Micro;

/// <summary>
/// The Masimo Rad-8 ASCII line parser on a typical 1 Hz line, against a naive split-and-parse of the same line
/// (<see cref="NaiveMasimoParser"/>, the baseline), which extracts the same values but validates nothing.
/// </summary>
[MemoryDiagnoser]
public class MasimoLineBenchmarks
{
    // The Rad-8 "ASCII 1" layout, as the simulator and reference/serial.md §1.3 have it.
    private readonly byte[] _line =
        "01/05/26 08:00:00 SN=9000000001 SPO2=097% BPM=072 PI=03.45% SPCO=--.-% SPMET=--.-% DESAT=-- PIDELTA=+-- ALARM=0000 EXC=000800\r\n"u8.ToArray();

    [Benchmark(Baseline = true)]
    public NaiveMasimoReading NaiveSplit() => NaiveMasimoParser.Parse(_line);

    [Benchmark]
    public ParseResult<MasimoReading> Parse() => MasimoLineParser.Parse(_line);
}
