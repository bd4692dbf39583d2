namespace Edge.Bench.Drain;

/// <summary>The figures of one round of the drain harness; rates are readings per second.</summary>
internal sealed record DrainRound(int Round)
{
    public double FillSeconds { get; init; }
    public double FillRate { get; init; }
    public long FillFsyncs { get; init; }
    public int Segments { get; init; }
    public long StoreBytes { get; init; }
    public double OpenEmptyMs { get; init; }
    public double OpenFullMs { get; init; }
    public double OpenEmptyAfterMs { get; init; }
    public long PendingAfterOpen { get; init; }

    public int NaiveReadings { get; init; }
    public double NaiveRate { get; init; }
    public double NaiveFirstPubackMs { get; init; }
    public long NaiveReceived { get; init; }

    public long PubSingleMessages { get; init; }
    public double PubSingleRate { get; init; }
    public long PubSingleReceived { get; init; }

    public long PubBatchMessages { get; init; }
    public int PubBatchReadingsPerMessage { get; init; }
    public double PubBatchRate { get; init; }
    public long PubBatchReceived { get; init; }
    public int BatchPayloadBytes { get; init; }
    public int SinglePayloadBytes { get; init; }

    public double DrainSeconds { get; init; }
    public double DrainRate { get; init; }
    public double DrainRateAfterFirstAck { get; init; }
    public double FirstAckMs { get; init; }
    public long DrainAckedItems { get; init; }
    public long DrainAckedMessages { get; init; }
    public long DrainReceived { get; init; }
    public long PendingAfterDrain { get; init; }
    public int SegmentsAfterDrain { get; init; }
    public double CpuSecondsPer10k { get; init; }
    public double BrokerCpuSecondsPer10k { get; init; }
    public double RssBeforeMb { get; init; }
    public double RssSteadyMb { get; init; }
    public double RssMaxMb { get; init; }
    public double OtherCores { get; init; }
    public double StealCores { get; init; }
    public long Reconnects { get; init; }

    public double VersusNaive => DrainRate / NaiveRate;
    public double VersusPubBatch => DrainRate / PubBatchRate;
    public double VersusPubSingle => DrainRate / PubSingleRate;
}
