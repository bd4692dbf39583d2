using System.Threading.Channels;
using Edge.Core;
using Edge.Drivers.Serial;
using Edge.Drivers.Serial.Masimo;
using Edge.Drivers.Serial.Port;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Drivers.Tests.Serial.Port;

/// <summary>
/// The supervisor's defences against the measured Linux failure modes (reference/serial.md §6.2), with a scripted
/// link: a read that ignores cancellation (P7b), a close that never returns (P7d), an open that throws.
/// </summary>
public sealed class SerialPortSupervisorTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    private static readonly byte[] Line = "01/02/25 10:00:00 SPO2=097% BPM=071 PI=02.00% ALARM=0000 EXC=000800\r\n"u8.ToArray();

    private SerialOptions Options(int silenceMs = 300) => new()
    {
        Enabled = true,
        Ports = [new SerialPortOptions { Path = _path, Protocol = SerialProtocol.Masimo, SilenceTimeoutMs = silenceMs }],
        PathPollMs = 10,
        ReconnectBackoffMinMs = 10,
        ReconnectBackoffMaxMs = 50,
        IoTimeoutMs = 200,
    };

    private async Task<(SerialPortStatus Status, List<Observation> Observations)> RunAsync(ISerialLinkFactory factory, TimeSpan duration, SerialOptions? options = null)
    {
        options ??= Options();
        var supervisor = new SerialPortSupervisor(
            0, options.Ports[0], options, new MasimoDecoder(_path), factory, TimeProvider.System, NullLogger.Instance);
        var channel = Channel.CreateUnbounded<Observation>();
        using var stop = new CancellationTokenSource(duration);
        await supervisor.RunAsync(channel.Writer, stop.Token).WaitAsync(duration + TimeSpan.FromSeconds(5));
        var observations = new List<Observation>();
        while (channel.Reader.TryRead(out var o))
        {
            observations.Add(o);
        }

        return (supervisor.Status, observations);
    }

    [Fact]
    public async Task CloseThatHangs_IsAbandonedAfterItsTimeout_AndTheNextLinkStillReads()
    {
        var factory = new ScriptedFactory(index => new ScriptedLink(index == 0 ? LinkBehaviour.HangupThenHangOnClose : LinkBehaviour.Healthy, Line));

        var (status, observations) = await RunAsync(factory, TimeSpan.FromSeconds(1.5));

        Assert.True(status.AbandonedCloses >= 1);
        Assert.True(status.Connections >= 2);
        Assert.Contains(observations, o => o.Kind == VitalKind.PulseRate && o.Value == 71);
        factory.ReleaseAll();
    }

    [Fact]
    public async Task ReadThatIgnoresCancellation_IsTreatedAsDeadAndReplaced()
    {
        var factory = new ScriptedFactory(index => new ScriptedLink(index == 0 ? LinkBehaviour.IgnoresCancellation : LinkBehaviour.Healthy, Line));

        var (status, observations) = await RunAsync(factory, TimeSpan.FromSeconds(2.5));

        Assert.True(status.LinkLosses >= 1);
        Assert.Contains(observations, o => o.Kind == VitalKind.PulseRate);
        factory.ReleaseAll();
    }

    [Fact]
    public async Task OpenFailures_BackOffAndNeverEscape()
    {
        var factory = new ScriptedFactory(_ => throw new UnauthorizedAccessException("denied"));

        var (status, observations) = await RunAsync(factory, TimeSpan.FromMilliseconds(600));

        Assert.Empty(observations);
        // Backoff 10, 20, 40, 50 ms...: a handful of attempts, never a tight loop (which would make thousands).
        Assert.InRange(status.OpenFailures, 1, 60);
        Assert.Equal(0, status.Connections);
        Assert.Equal(SerialPortState.Stopped, status.State);
    }

    [Fact]
    public async Task UnexpectedExceptionInDecoderPath_IsContainedByTheLoop()
    {
        var factory = new ScriptedFactory(index => new ScriptedLink(index == 0 ? LinkBehaviour.ThrowsUnexpected : LinkBehaviour.Healthy, Line));

        var (status, observations) = await RunAsync(factory, TimeSpan.FromSeconds(1));

        Assert.True(status.Connections >= 2);
        Assert.Contains(observations, o => o.Kind == VitalKind.PulseRate);
    }

    private enum LinkBehaviour
    {
        Healthy,
        HangupThenHangOnClose,
        IgnoresCancellation,
        ThrowsUnexpected,
    }

    private sealed class ScriptedFactory(Func<int, ScriptedLink> create) : ISerialLinkFactory
    {
        private readonly List<ScriptedLink> _links = [];
        private int _opens;

        public ISerialLink Open(string path, SerialLineSettings settings)
        {
            var link = create(Interlocked.Increment(ref _opens) - 1);
            lock (_links)
            {
                _links.Add(link);
            }

            return link;
        }

        public void ReleaseAll()
        {
            lock (_links)
            {
                _links.ForEach(l => l.Release.Set());
            }
        }
    }

    private sealed class ScriptedLink(LinkBehaviour behaviour, byte[] line) : ISerialLink
    {
        private int _reads;

        public ManualResetEventSlim Release { get; } = new();

        public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _reads);
            switch (behaviour)
            {
                case LinkBehaviour.HangupThenHangOnClose when n > 1:
                    throw new ObjectDisposedException("SerialPort", "The port is closed.");
                case LinkBehaviour.IgnoresCancellation when n > 1:
                    await Task.Delay(Timeout.Infinite, CancellationToken.None);
                    return 0;
                case LinkBehaviour.ThrowsUnexpected:
                    throw new FormatException("not a link failure");
            }

            await Task.Delay(20, cancellationToken);
            line.CopyTo(buffer);
            return line.Length;
        }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public void Dispose()
        {
            if (behaviour == LinkBehaviour.HangupThenHangOnClose)
            {
                // Close() spinning forever on a dead port (P7d), until the test lets go.
                Release.Wait(TimeSpan.FromSeconds(30));
            }
        }
    }
}
