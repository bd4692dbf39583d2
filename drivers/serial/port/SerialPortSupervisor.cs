using System.Threading.Channels;
using Edge.Core;
using Microsoft.Extensions.Logging;

namespace Edge.Drivers.Serial.Port;

/// <summary>
/// Owns one configured serial port for the life of the service: waits for its path to exist (hot-plug), opens a
/// fresh link, runs the protocol's single read loop, and on silence, hangup or error closes the link on a worker
/// with its own timeout and starts again. Observations go to a bounded channel writer that never blocks.
/// </summary>
/// <remarks>
/// <para>Why each rule (reference/serial.md §6.2, §7): after an unplug on Linux <c>IsOpen</c> stays true, reads
/// fault once with <see cref="ObjectDisposedException"/> and then time out forever, and <c>Close()</c> can hang. So
/// liveness is judged only by data silence, every read and write is bounded, a link is never reused, and a close
/// that overruns is abandoned rather than awaited.</para>
/// <para><see cref="RunAsync"/> returns only when cancelled and never throws: every failure inside is logged,
/// counted and followed by a reconnect. Counters are safe to read from any thread.</para>
/// </remarks>
public sealed class SerialPortSupervisor
{
    private readonly int _index;
    private readonly SerialPortOptions _port;
    private readonly SerialOptions _options;
    private readonly SerialDecoder _decoder;
    private readonly SerialLineSettings _settings;
    private readonly TimeSpan _silence;
    private readonly ISerialLinkFactory _factory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SerialMetrics? _metrics;

    private int _state;
    private long _connections;
    private long _linkLosses;
    private long _openFailures;
    private long _abandoned;
    private long _frames;
    private long _rejected;
    private long _discarded;
    private long _lastDataTicks = long.MinValue;

    /// <summary>Creates the supervisor of port <paramref name="index"/>.</summary>
    public SerialPortSupervisor(
        int index,
        SerialPortOptions port,
        SerialOptions options,
        SerialDecoder decoder,
        ISerialLinkFactory factory,
        TimeProvider time,
        ILogger logger,
        SerialMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _index = index;
        _port = port;
        _options = options;
        _decoder = decoder;
        _settings = SerialLineSettings.For(port.Protocol);
        _silence = port.SilenceTimeoutMs > 0
            ? TimeSpan.FromMilliseconds(port.SilenceTimeoutMs)
            : SerialLineSettings.DefaultSilenceTimeout(port.Protocol);
        _factory = factory;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>A snapshot of the state and counters.</summary>
    public SerialPortStatus Status
    {
        get
        {
            var last = Interlocked.Read(ref _lastDataTicks);
            return new SerialPortStatus(
                _index,
                _port.Protocol,
                (SerialPortState)Volatile.Read(ref _state),
                Interlocked.Read(ref _connections),
                Interlocked.Read(ref _linkLosses),
                Interlocked.Read(ref _openFailures),
                Interlocked.Read(ref _abandoned),
                Interlocked.Read(ref _frames),
                Interlocked.Read(ref _rejected),
                Interlocked.Read(ref _discarded),
                last == long.MinValue ? null : new DateTimeOffset(last, TimeSpan.Zero));
        }
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires. Never throws.</summary>
    /// <param name="output">Where observations go; must accept without blocking (bounded, drop-oldest).</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    public async Task RunAsync(ChannelWriter<Observation> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await Task.Yield();
        if (LooksUnstable(_port.Path))
        {
            SerialLog.UnstablePath(_logger, _index, _port.Protocol);
        }

        var backoff = TimeSpan.FromMilliseconds(_options.ReconnectBackoffMinMs);
        var waitingLogged = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!File.Exists(_port.Path))
                {
                    SetState(SerialPortState.Waiting);
                    if (!waitingLogged)
                    {
                        SerialLog.Waiting(_logger, _index, _port.Protocol);
                        waitingLogged = true;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(_options.PathPollMs), _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                waitingLogged = false;
                SetState(SerialPortState.Connecting);
                var link = await TryOpenAsync(cancellationToken).ConfigureAwait(false);
                if (link is null)
                {
                    await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                    backoff = Next(backoff);
                    continue;
                }

                var gotData = await RunConnectionAsync(link, output, cancellationToken).ConfigureAwait(false);
                if (!gotData && !cancellationToken.IsCancellationRequested)
                {
                    // A link that opens and dies without a byte is retried with backoff, not in a tight loop.
                    await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                    backoff = Next(backoff);
                }
                else
                {
                    backoff = TimeSpan.FromMilliseconds(_options.ReconnectBackoffMinMs);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The stage loop: log, count, continue. Nothing may end the port's supervision.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                SerialLog.LoopFault(_logger, _index, _port.Protocol, ex.GetType().Name, "supervisor");
                try
                {
                    await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        SetState(SerialPortState.Stopped);
    }

    private async Task<ISerialLink?> TryOpenAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(_options.IoTimeoutMs);
        var open = Task.Run(() => _factory.Open(_port.Path, _settings), CancellationToken.None);
        try
        {
            return await open.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TimeoutException
                                       or InvalidOperationException or ArgumentException)
        {
            Interlocked.Increment(ref _openFailures);
            SerialLog.OpenFailed(_logger, _index, _port.Protocol, ex.GetType().Name, _options.ReconnectBackoffMinMs);
            if (ex is TimeoutException)
            {
                // The open may still complete later; close whatever it produces, off this loop.
                _ = CloseWhenOpenedAsync(open);
            }

            return null;
        }
    }

    private static async Task CloseWhenOpenedAsync(Task<ISerialLink> open)
    {
        try
        {
            CloseQuietly(await open.ConfigureAwait(false));
        }
#pragma warning disable CA1031 // A late open that failed has nothing to close.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Runs one connection to its end; returns whether any byte arrived.</summary>
    private async Task<bool> RunConnectionAsync(ISerialLink link, ChannelWriter<Observation> output, CancellationToken cancellationToken)
    {
        var connection = Interlocked.Increment(ref _connections);
        var session = new SerialLinkSession(link, _time, TimeSpan.FromMilliseconds(_options.IoTimeoutMs));
        var started = _time.GetTimestamp();
        var gotData = false;
        var reason = "stopped";
        var batch = new List<Observation>(64);
        var before = (_decoder.FramesAccepted, _decoder.FramesRejected, _decoder.BytesDiscarded);
        _decoder.Reset();
        SetState(SerialPortState.Connected);
        SerialLog.Opened(_logger, _index, _port.Protocol, connection);
        try
        {
            await _decoder.OnOpenedAsync(session, batch, cancellationToken).ConfigureAwait(false);
            Publish(batch, output);
            reason = await ReadLoopAsync(session, output, batch, () => gotData = true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            reason = "stopped";
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or UnauthorizedAccessException
                                       or TimeoutException or InvalidOperationException)
        {
            reason = ex switch
            {
                ObjectDisposedException => "hangup",
                EndOfStreamException => "end of stream",
                TimeoutException => "timeout",
                _ => ex.GetType().Name,
            };
        }
        finally
        {
            await CloseOnWorkerAsync(link, session.WriteTimedOut).ConfigureAwait(false);
            var after = (_decoder.FramesAccepted, _decoder.FramesRejected, _decoder.BytesDiscarded);
            SerialLog.ConnectionStats(_logger, _index, _port.Protocol, after.Item1 - before.Item1, after.Item2 - before.Item2, after.Item3 - before.Item3);
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _linkLosses);
            _metrics?.LinkLost(_index, _port.Protocol, reason);
            SerialLog.LinkLost(_logger, _index, _port.Protocol, reason, _time.GetElapsedTime(started).TotalSeconds);
        }

        return gotData;
    }

    private async Task<string> ReadLoopAsync(
        SerialLinkSession session, ChannelWriter<Observation> output, List<Observation> batch, Action onData, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var keepAlive = _decoder.KeepAliveCommand;
        var keepAliveEvery = _decoder.KeepAliveInterval;
        var lastData = _time.GetTimestamp();
        var nextKeepAlive = lastData;
        var anyData = false;
        var hinted = false;
        while (true)
        {
            var wait = _silence - _time.GetElapsedTime(lastData);
            if (!keepAlive.IsEmpty && keepAliveEvery > TimeSpan.Zero)
            {
                var untilKeepAlive = _time.GetElapsedTime(_time.GetTimestamp(), nextKeepAlive);
                if (untilKeepAlive <= TimeSpan.Zero)
                {
                    await session.WriteAsync(keepAlive, cancellationToken).ConfigureAwait(false);
                    nextKeepAlive = _time.GetTimestamp() + (long)(keepAliveEvery.TotalSeconds * _time.TimestampFrequency);
                    continue;
                }

                wait = wait < untilKeepAlive ? wait : untilKeepAlive;
            }

            if (wait <= TimeSpan.Zero)
            {
                if (!anyData && !hinted && _port.Protocol == SerialProtocol.Masimo)
                {
                    SerialLog.MasimoSilentHint(_logger, _index);
                }

                return "silence";
            }

            var n = await session.ReadAsync(buffer, wait, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                continue;
            }

            if (!anyData)
            {
                anyData = true;
                hinted = true;
                onData();
            }

            lastData = _time.GetTimestamp();
            var receivedAt = _time.GetUtcNow();
            Interlocked.Exchange(ref _lastDataTicks, receivedAt.UtcTicks);
            var before = (_decoder.FramesAccepted, _decoder.FramesRejected, _decoder.BytesDiscarded);
            batch.Clear();
            _decoder.Decode(buffer.AsSpan(0, n), receivedAt, batch);
            var frames = _decoder.FramesAccepted - before.Item1;
            var rejected = _decoder.FramesRejected - before.Item2;
            var discarded = _decoder.BytesDiscarded - before.Item3;
            Interlocked.Add(ref _frames, frames);
            Interlocked.Add(ref _rejected, rejected);
            Interlocked.Add(ref _discarded, discarded);
            _metrics?.Decoded(_index, _port.Protocol, frames, rejected, discarded);
            Publish(batch, output);
        }
    }

    private static void Publish(List<Observation> batch, ChannelWriter<Observation> output)
    {
        foreach (var observation in batch)
        {
            // Bounded with DropOldest: TryWrite only fails once the channel is completed (shutdown).
            output.TryWrite(observation);
        }

        batch.Clear();
    }

    private async Task CloseOnWorkerAsync(ISerialLink link, bool writeTimedOut)
    {
        var timeout = TimeSpan.FromMilliseconds(_options.IoTimeoutMs);
        var close = Task.Run(() => CloseQuietly(link), CancellationToken.None);
        try
        {
            await close.WaitAsync(timeout, _time, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Interlocked.Increment(ref _abandoned);
            _metrics?.CloseAbandoned(_index, _port.Protocol);
            SerialLog.CloseAbandoned(_logger, _index, _port.Protocol, _options.IoTimeoutMs, writeTimedOut);
        }
    }

    private static void CloseQuietly(ISerialLink link)
    {
        try
        {
            link.Dispose();
        }
#pragma warning disable CA1031 // Closing a dead port may throw anything; the object is dropped either way.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private TimeSpan Next(TimeSpan backoff)
    {
        var doubled = backoff * 2;
        var max = TimeSpan.FromMilliseconds(_options.ReconnectBackoffMaxMs);
        return doubled < max ? doubled : max;
    }

    private void SetState(SerialPortState state) => Volatile.Write(ref _state, (int)state);

    private static bool LooksUnstable(string path) =>
        System.Text.RegularExpressions.Regex.IsMatch(path, "^/dev/tty(USB|ACM|S|AMA)[0-9]+$");
}
