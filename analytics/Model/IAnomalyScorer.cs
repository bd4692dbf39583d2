namespace Edge.Analytics.Model;

/// <summary>
/// The model seam: scores windows of per-patient robust z-scores with a missing-data mask. Implementations own
/// preallocated buffers; the caller writes rows into <see cref="X"/> and <see cref="Mask"/>, calls
/// <see cref="Score"/> and reads the outputs in place, so the hot path allocates nothing.
/// </summary>
/// <remarks>
/// Not thread-safe: one caller at a time (the engine's loop, or one benchmark thread). Layout is row-major
/// [row, minute, channel] for inputs and [row, channel] for per-vital outputs, with <see cref="ModelChannels"/>' order.
/// </remarks>
public interface IAnomalyScorer : IDisposable
{
    /// <summary>The contract read from the model's metadata.</summary>
    ModelContract Contract { get; }

    /// <summary>The largest batch <see cref="Score"/> accepts.</summary>
    int MaxBatch { get; }

    /// <summary>Input z-scores, <see cref="MaxBatch"/> × W × V; 0 where the mask is 0.</summary>
    Span<float> X { get; }

    /// <summary>Input mask, same shape as <see cref="X"/>: 1 observed and accepted, 0 missing.</summary>
    Span<float> Mask { get; }

    /// <summary>Output: masked mean squared reconstruction error per row and channel over the window.</summary>
    ReadOnlySpan<float> ScorePerVital { get; }

    /// <summary>Output: mean of <see cref="ScorePerVital"/> per row.</summary>
    ReadOnlySpan<float> OverallScore { get; }

    /// <summary>Output: squared reconstruction error of the newest minute per row and channel (0 where masked).</summary>
    ReadOnlySpan<float> LastPerVital { get; }

    /// <summary>Scores the first <paramref name="rows"/> rows of the inputs.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is not in 1..<see cref="MaxBatch"/>.</exception>
    /// <exception cref="Microsoft.ML.OnnxRuntime.OnnxRuntimeException">The runtime failed; the engine then degrades.</exception>
    void Score(int rows);
}
