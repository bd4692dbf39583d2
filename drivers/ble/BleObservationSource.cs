using System.Runtime.CompilerServices;
using Edge.Core;
using Edge.Drivers.Ble.BlueZ;

namespace Edge.Drivers.Ble;

/// <summary>
/// The BLE driver as an <see cref="IObservationSource"/>: the readings of every bound device, from the BLE central's
/// bounded channel. Malformed packets are rejected and counted inside the central; they never end the stream.
/// </summary>
public sealed class BleObservationSource(BleCentral central) : IObservationSource
{
    /// <inheritdoc/>
    public string Name => "ble";

    /// <inheritdoc/>
    public async IAsyncEnumerable<Observation> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(central);
        await foreach (var observation in central.Observations.ReadAllAsync(cancellationToken))
        {
            yield return observation;
        }
    }
}
