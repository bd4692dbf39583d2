namespace Edge.Drivers.Serial.Port;

/// <summary>Opens serial links by path. Thread-safe.</summary>
public interface ISerialLinkFactory
{
    /// <summary>Opens <paramref name="path"/> with <paramref name="settings"/>; a new link object every time.</summary>
    /// <exception cref="IOException">The device is missing or refused (also <see cref="UnauthorizedAccessException"/>).</exception>
    ISerialLink Open(string path, SerialLineSettings settings);
}
