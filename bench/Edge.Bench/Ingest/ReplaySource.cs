using System.Runtime.CompilerServices;
using Edge.Core;

namespace Edge.Bench.Ingest;

/// <summary>Replays a pre-generated list of observations as fast as the consumer takes them, then ends.</summary>
internal sealed class ReplaySource(IReadOnlyList<Observation> observations) : IObservationSource
{
    public string Name => "replay";

    public async IAsyncEnumerable<Observation> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Leave the caller's thread once, like a driver would; after that every item is available synchronously.
        await Task.Yield();
        foreach (var observation in observations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return observation;
        }
    }
}
