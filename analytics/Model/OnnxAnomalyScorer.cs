using Microsoft.ML.OnnxRuntime;

namespace Edge.Analytics.Model;

/// <summary>
/// <see cref="IAnomalyScorer"/> over ONNX Runtime, the zero-allocation way: one <see cref="InferenceSession"/> for the
/// scorer's lifetime with one intra-op and one inter-op thread (predictable tails on a 2–4 core gateway), managed
/// buffers allocated once and wrapped once in <see cref="OrtValue"/>s, one <see cref="OrtIoBinding"/> per batch
/// size (created on first use; sizes 1 and <see cref="MaxBatch"/> at load), one reused <see cref="RunOptions"/>,
/// and a warm-up at load so the first real reading does not pay for the runtime's lazy initialisation.
/// </summary>
/// <remarks>Not thread-safe. Dispose releases the session and unpins the buffers.</remarks>
public sealed class OnnxAnomalyScorer : IAnomalyScorer
{
    private const int W = ModelChannels.WindowMinutes;
    private const int V = ModelChannels.Count;
    private const int WarmupRuns = 20;

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _x;
    private readonly float[] _mask;
    private readonly float[] _perVital;
    private readonly float[] _score;
    private readonly float[] _last;
    private readonly BatchBinding?[] _bindings;
    private bool _disposed;

    private OnnxAnomalyScorer(InferenceSession session, ModelContract contract, int maxBatch)
    {
        _session = session;
        Contract = contract;
        MaxBatch = maxBatch;
        _x = new float[maxBatch * W * V];
        _mask = new float[maxBatch * W * V];
        _perVital = new float[maxBatch * V];
        _score = new float[maxBatch];
        _last = new float[maxBatch * V];
        _bindings = new BatchBinding?[maxBatch + 1];
    }

    /// <inheritdoc />
    public ModelContract Contract { get; }

    /// <inheritdoc />
    public int MaxBatch { get; }

    /// <inheritdoc />
    public Span<float> X => _x;

    /// <inheritdoc />
    public Span<float> Mask => _mask;

    /// <inheritdoc />
    public ReadOnlySpan<float> ScorePerVital => _perVital;

    /// <inheritdoc />
    public ReadOnlySpan<float> OverallScore => _score;

    /// <inheritdoc />
    public ReadOnlySpan<float> LastPerVital => _last;

    /// <summary>Loads, checks and warms up a model.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="maxBatch">Largest batch to score at once (for example the number of patients).</param>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The model's inputs, outputs or metadata do not match <see cref="ModelContract"/>.</exception>
    /// <exception cref="OnnxRuntimeException">The runtime could not load or run the model.</exception>
    public static OnnxAnomalyScorer Load(string path, int maxBatch = 64)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("The anomaly model file does not exist.", path);
        }

        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
        };
        // With one intra-op thread there is no pool to spin; say so explicitly so no build default burns a core.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");

        var session = new InferenceSession(path, options);
        try
        {
            CheckSignature(session);
            var contract = ModelContract.TryParse(session.ModelMetadata.CustomMetadataMap.AsReadOnly(), out var problem)
                ?? throw new InvalidDataException("The anomaly model was refused: " + problem + ".");
            var scorer = new OnnxAnomalyScorer(session, contract, maxBatch);
            scorer.WarmUp();
            return scorer;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Score(int rows)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, MaxBatch);
        var binding = _bindings[rows] ??= new BatchBinding(_session, this, rows);
        _session.RunWithBinding(_runOptions, binding.IoBinding);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var binding in _bindings)
        {
            binding?.Dispose();
        }

        _runOptions.Dispose();
        _session.Dispose();
    }

    private void WarmUp()
    {
        // Zeros with mask 0 are a defined input (score 0); a few runs at both preallocated sizes page in the kernels.
        for (var i = 0; i < WarmupRuns; i++)
        {
            Score(1);
            Score(MaxBatch);
        }
    }

    private static void CheckSignature(InferenceSession session)
    {
        static bool Shape(NodeMetadata m, params int[] tail) =>
            m.ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float
            && m.Dimensions.Length == tail.Length + 1
            && m.Dimensions.AsSpan(1).SequenceEqual(tail);

        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        if (inputs.Count != 2
            || !inputs.TryGetValue(ModelContract.InputX, out var x) || !Shape(x, W, V)
            || !inputs.TryGetValue(ModelContract.InputMask, out var mask) || !Shape(mask, W, V)
            || !outputs.TryGetValue(ModelContract.OutputScorePerVital, out var perVital) || !Shape(perVital, V)
            || !outputs.TryGetValue(ModelContract.OutputScore, out var score) || !Shape(score)
            || !outputs.TryGetValue(ModelContract.OutputLastPerVital, out var last) || !Shape(last, V))
        {
            throw new InvalidDataException("The anomaly model was refused: its inputs or outputs do not match " + ModelContract.Name + ".");
        }
    }

    /// <summary>OrtValues over the first <c>rows</c> rows of the shared buffers, bound once.</summary>
    private sealed class BatchBinding : IDisposable
    {
        private readonly OrtValue[] _values;

        public BatchBinding(InferenceSession session, OnnxAnomalyScorer owner, int rows)
        {
            var info = OrtMemoryInfo.DefaultInstance;
            _values =
            [
                OrtValue.CreateTensorValueFromMemory(info, owner._x.AsMemory(0, rows * W * V), [rows, W, V]),
                OrtValue.CreateTensorValueFromMemory(info, owner._mask.AsMemory(0, rows * W * V), [rows, W, V]),
                OrtValue.CreateTensorValueFromMemory(info, owner._perVital.AsMemory(0, rows * V), [rows, V]),
                OrtValue.CreateTensorValueFromMemory(info, owner._score.AsMemory(0, rows), [rows]),
                OrtValue.CreateTensorValueFromMemory(info, owner._last.AsMemory(0, rows * V), [rows, V]),
            ];
            IoBinding = session.CreateIoBinding();
            IoBinding.BindInput(ModelContract.InputX, _values[0]);
            IoBinding.BindInput(ModelContract.InputMask, _values[1]);
            IoBinding.BindOutput(ModelContract.OutputScorePerVital, _values[2]);
            IoBinding.BindOutput(ModelContract.OutputScore, _values[3]);
            IoBinding.BindOutput(ModelContract.OutputLastPerVital, _values[4]);
        }

        public OrtIoBinding IoBinding { get; }

        public void Dispose()
        {
            IoBinding.Dispose();
            foreach (var value in _values)
            {
                value.Dispose();
            }
        }
    }
}
