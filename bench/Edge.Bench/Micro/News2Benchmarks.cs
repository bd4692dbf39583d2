using BenchmarkDotNet.Attributes;
using Edge.Analytics.News2;

namespace Edge.Bench.Micro;

/// <summary>
/// NEWS2 scoring. No baseline: there is no simpler way to score the RCP chart that would still be correct, and a
/// plain table lookup without the rounding policy would answer a different question.
/// </summary>
[MemoryDiagnoser]
public class News2Benchmarks
{
    private readonly News2Inputs _allSeven = new(18, 96, false, 125, 72, Acvpu.Alert, 37.1);

    // What a home appliance has today: a pulse oximeter and a strap.
    private readonly News2Inputs _spo2AndPulse = new(SpO2: 96, Pulse: 72);

    [Benchmark]
    public News2Result Score_AllSevenParameters() => News2Calculator.Score(_allSeven);

    [Benchmark]
    public News2Result Score_SpO2AndPulseOnly() => News2Calculator.Score(_spo2AndPulse);
}
