using Edge.Drivers.Serial;
using Edge.Drivers.Serial.Port;

namespace Edge.Drivers.Tests.Serial.Pty;

/// <summary>The device end of a socat pair, opened with the same <see cref="SystemSerialLink"/> as the driver.</summary>
internal sealed class DeviceTwin : IDisposable
{
    private readonly SystemSerialLink _link;

    public DeviceTwin(string path, SerialProtocol protocol)
    {
        _link = SystemSerialLink.Open(path, SerialLineSettings.For(protocol), TimeSpan.FromMilliseconds(500));
    }

    public ISerialLink Link => _link;

    /// <summary>Writes each part as its own write, <paramref name="gapMs"/> apart, so the driver sees several reads.</summary>
    public async Task WriteAsync(IEnumerable<byte[]> parts, int gapMs = 2)
    {
        foreach (var part in parts)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _link.WriteAsync(part, timeout.Token);
            if (gapMs > 0)
            {
                await Task.Delay(gapMs);
            }
        }
    }

    public Task WriteAsync(byte[] bytes) => WriteAsync([bytes], 0);

    public void Dispose() => _link.Dispose();
}
