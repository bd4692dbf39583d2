namespace Edge.Drivers.Serial.Port;

/// <summary>Opens <see cref="SystemSerialLink"/>s with a fixed I/O timeout. Thread-safe.</summary>
/// <param name="ioTimeout">The read/write timeout set on every port.</param>
public sealed class SystemSerialLinkFactory(TimeSpan ioTimeout) : ISerialLinkFactory
{
    /// <inheritdoc/>
    public ISerialLink Open(string path, SerialLineSettings settings) => SystemSerialLink.Open(path, settings, ioTimeout);
}
