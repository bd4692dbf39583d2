using System.Diagnostics;
using System.Threading.Channels;
using Edge.Core;
using Edge.Drivers.Serial;
using Edge.Drivers.Serial.Port;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Drivers.Tests.Serial.Pty;

/// <summary>Runs a real <see cref="SerialObservationSource"/> on a socat pair and collects what it yields.</summary>
internal sealed class PtyHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<(Observation Observation, long Timestamp)> _received = Channel.CreateUnbounded<(Observation, long)>();
    private readonly Task _consumer;

    public PtyHarness(SerialOptions options)
    {
        Source = new SerialObservationSource(
            Options.Create(options), new SystemSerialLinkFactory(TimeSpan.FromMilliseconds(options.IoTimeoutMs)), TimeProvider.System, NullLoggerFactory.Instance);
        _consumer = Task.Run(ConsumeAsync);
    }

    public SerialObservationSource Source { get; }

    /// <summary>The exception that ended the enumeration, if any (none may escape while it runs).</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Fast-reacting options for one port: polls every 20 ms, retries after 20 ms.</summary>
    public static SerialOptions Options1(string path, SerialProtocol protocol, int silenceMs = 0, bool readStored = false) => new()
    {
        Enabled = true,
        Ports = [new SerialPortOptions { Path = path, Protocol = protocol, SilenceTimeoutMs = silenceMs, ReadStoredRecords = readStored }],
        PathPollMs = 20,
        ReconnectBackoffMinMs = 20,
        ReconnectBackoffMaxMs = 200,
        IoTimeoutMs = 500,
        NumericIntervalMs = 0,
    };

    /// <summary>Waits for the next observation matching <paramref name="match"/>; null on timeout.</summary>
    public async Task<(Observation Observation, long Timestamp)?> WaitForAsync(Func<Observation, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _received.Reader.WaitToReadAsync(cts.Token))
            {
                while (_received.Reader.TryRead(out var item))
                {
                    if (match(item.Observation))
                    {
                        return item;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return null;
    }

    /// <summary>Everything received so far (drains).</summary>
    public List<Observation> Drain()
    {
        var all = new List<Observation>();
        while (_received.Reader.TryRead(out var item))
        {
            all.Add(item.Observation);
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _consumer;
        _stop.Dispose();
    }

    private async Task ConsumeAsync()
    {
        try
        {
            await foreach (var o in Source.ReadAllAsync(_stop.Token))
            {
                _received.Writer.TryWrite((o, Stopwatch.GetTimestamp()));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // Recorded and asserted by the tests: nothing may escape the source.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fault = ex;
        }
    }
}
