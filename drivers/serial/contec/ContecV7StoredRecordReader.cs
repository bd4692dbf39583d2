using Edge.Drivers.Serial.Port;

namespace Edge.Drivers.Serial.Contec;

/// <summary>
/// Reads a V7 device's stored sessions over an open link (OSCAR <c>cms50f37_loader</c>, CMS50Dplus7
/// <c>get_storage_data</c>; reference/serial.md §3.2): stop both streams (A7, A2), ask the session count (A3 →
/// 0x0A), then per session its start (A5 → 0x07 + 0x12), duration (A4 → 0x08) and samples (A6 → 0x0F/0x09 until the
/// device goes quiet), and stop the stored stream again (A7). Every wait is bounded. Nothing is erased.
/// </summary>
/// <remarks>Not thread-safe; it owns the link for the duration of the read.</remarks>
public sealed class ContecV7StoredRecordReader
{
    /// <summary>Sessions at most read per connection.</summary>
    public const int MaxSessions = 32;

    /// <summary>Samples at most kept per session (about 28 h at 1 Hz).</summary>
    public const int MaxSamplesPerSession = 100_000;

    private readonly SerialLinkSession _session;
    private readonly TimeSpan _replyTimeout;
    private readonly TimeSpan _offset;
    private readonly ContecV7Framer _framer = new();
    private readonly byte[] _buffer = new byte[1024];

    private int? _sessionCount;
    private int? _year;
    private int _month;
    private int _day;
    private TimeSpan? _timeOfDay;
    private long? _duration;
    private List<(int? SpO2, int? PulseRate)> _samples = [];
    private bool _samplesStarted;

    /// <summary>Creates a reader on <paramref name="session"/>.</summary>
    /// <param name="session">The open link.</param>
    /// <param name="replyTimeout">How long to wait for each answer, and the silence that ends a sample stream.</param>
    /// <param name="deviceUtcOffset">UTC offset of the device clock.</param>
    public ContecV7StoredRecordReader(SerialLinkSession session, TimeSpan replyTimeout, TimeSpan deviceUtcOffset = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(replyTimeout, TimeSpan.Zero);
        _session = session;
        _replyTimeout = replyTimeout;
        _offset = deviceUtcOffset;
    }

    /// <summary>Reads every stored session, oldest session number first.</summary>
    /// <exception cref="TimeoutException">The device did not answer the session count.</exception>
    public async Task<IReadOnlyList<ContecV7StoredSession>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await SendAsync(ContecV7Commands.StopStored, 0, 0, cancellationToken).ConfigureAwait(false);
        await SendAsync(ContecV7Commands.StopRealtime, 0, 0, cancellationToken).ConfigureAwait(false);
        await PumpUntilQuietAsync(cancellationToken).ConfigureAwait(false);

        _sessionCount = null;
        await SendAsync(ContecV7Commands.SessionCount, 0, 0, cancellationToken).ConfigureAwait(false);
        if (!await PumpUntilAsync(() => _sessionCount is not null, cancellationToken).ConfigureAwait(false))
        {
            throw new TimeoutException("The device did not answer the session-count command.");
        }

        var sessions = new List<ContecV7StoredSession>();
        var count = Math.Min(_sessionCount!.Value, MaxSessions);
        for (var s = 1; s <= count; s++)
        {
            sessions.Add(await ReadSessionAsync(s, cancellationToken).ConfigureAwait(false));
        }

        await SendAsync(ContecV7Commands.StopStored, 0, 0, cancellationToken).ConfigureAwait(false);
        return sessions;
    }

    private async Task<ContecV7StoredSession> ReadSessionAsync(int session, CancellationToken cancellationToken)
    {
        _year = null;
        _timeOfDay = null;
        _duration = null;
        await SendAsync(ContecV7Commands.SessionStartTime, 0, (byte)session, cancellationToken).ConfigureAwait(false);
        await PumpUntilAsync(() => _year is not null && _timeOfDay is not null, cancellationToken).ConfigureAwait(false);
        await SendAsync(ContecV7Commands.SessionDuration, 0, (byte)session, cancellationToken).ConfigureAwait(false);
        await PumpUntilAsync(() => _duration is not null, cancellationToken).ConfigureAwait(false);

        DateTimeOffset? start = null;
        if (_year is { } y and >= 2000 and <= 2099 && _timeOfDay is { } tod && _month is >= 1 and <= 12 &&
            _day >= 1 && _day <= DateTime.DaysInMonth(y, _month))
        {
            start = new DateTimeOffset(y, _month, _day, 0, 0, 0, _offset) + tod;
        }

        _samples = [];
        _samplesStarted = false;
        await SendAsync(ContecV7Commands.SessionData, 0, (byte)session, cancellationToken).ConfigureAwait(false);

        // The sample stream has no end marker; it ends when the device goes quiet (OSCAR waits 2 s).
        await PumpUntilAsync(() => false, cancellationToken).ConfigureAwait(false);
        return new ContecV7StoredSession(session, start, _duration, _samples);
    }

    private Task SendAsync(byte command, byte p3, byte p4, CancellationToken cancellationToken) =>
        _session.WriteAsync(ContecV7Commands.Build(command, p3, p4), cancellationToken);

    private async Task PumpUntilQuietAsync(CancellationToken cancellationToken)
    {
        var quiet = _replyTimeout / 4;
        while (await _session.ReadAsync(_buffer, quiet, cancellationToken).ConfigureAwait(false) > 0)
        {
            // Drop whatever was still streaming before the stop commands took effect.
        }

        _framer.Reset();
    }

    /// <summary>Reads and handles packets until <paramref name="done"/> holds or the device is silent for the reply timeout.</summary>
    private async Task<bool> PumpUntilAsync(Func<bool> done, CancellationToken cancellationToken)
    {
        while (!done())
        {
            var n = await _session.ReadAsync(_buffer, _replyTimeout, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return done();
            }

            ReadOnlySpan<byte> input = _buffer.AsSpan(0, n);
            while (_framer.TryRead(ref input, out var type, out var data))
            {
                Handle(type, data);
            }
        }

        return true;
    }

    private void Handle(byte type, ReadOnlySpan<byte> d)
    {
        switch (type)
        {
            case 0x0A:
                _sessionCount = d[1];
                break;
            case 0x07:
                // 7,80,80,80,94,8e,88,92 → century 20, year 14, month 8, day 18 (OSCAR).
                _year = (d[2] * 100) + d[3];
                _month = d[4];
                _day = d[5];
                break;
            case 0x12:
                _timeOfDay = d[2] <= 23 && d[3] <= 59 && d[4] <= 59 ? new TimeSpan(d[2], d[3], d[4]) : TimeSpan.Zero;
                break;
            case 0x08:
                _duration = d[2] | ((long)d[3] << 8) | ((long)d[4] << 16) | ((long)d[5] << 24);
                break;
            case 0x0F:
                _samplesStarted = true;
                for (var i = 0; i < 6; i += 2)
                {
                    AddSample(d[i], d[i + 1]);
                }

                break;
            case 0x09:
                _samplesStarted = true;
                AddSample(d[0], d[1]);
                break;
        }
    }

    private void AddSample(byte spo2, byte pulse)
    {
        // A 0/0 pair pads the last package of a session (CMS50Dplus7 skips it).
        if ((spo2 == 0 && pulse == 0) || _samples.Count >= MaxSamplesPerSession || !_samplesStarted)
        {
            return;
        }

        _samples.Add((spo2 is 0x7F or 0 or > 100 ? null : spo2, pulse is 0xFF or 0 ? null : pulse));
    }
}
