namespace Edge.Core;

/// <summary>
/// The driver seam: a device family that turns device bytes into <see cref="Observation"/>s. Events from the
/// transport (serial data, D-Bus signals) become items of this stream inside the driver; nothing upstream ever sees
/// an event handler.
/// </summary>
public interface IObservationSource
{
    /// <summary>A short, PHI-free name for logs and metrics (for example <c>simulator</c>, <c>ble</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Streams observations until <paramref name="cancellationToken"/> fires or the source is exhausted. Malformed
    /// device bytes are rejected and counted inside the driver; they never end the stream.
    /// </summary>
    IAsyncEnumerable<Observation> ReadAllAsync(CancellationToken cancellationToken);
}
