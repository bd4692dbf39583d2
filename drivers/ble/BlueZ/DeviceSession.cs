using System.Threading.Channels;
using Edge.Core;
using Microsoft.Extensions.Logging;
using Tmds.DBus.Protocol;

namespace Edge.Drivers.Ble.BlueZ;

/// <summary>
/// One bound device: its connection state machine, its notify sessions, value parsing and the RACP engine.
/// The object lives as long as the binding (across bus rebuilds, link losses and bluetoothd restarts), so the
/// backoff, the RACP dedup set and the receive order survive them; <see cref="RunAsync"/> runs once per bus
/// generation. Single-threaded: only the run loop reads <see cref="Inbox"/> and touches the state.
/// </summary>
/// <remarks>
/// States: find the Device1 object → arm StartNotify on every cached measurement characteristic (before Connect, so a
/// bonded device that pushes the instant it reconnects is not lost, ble.md §3.6.4) → Connect (failures back off with
/// full jitter) → wait for Connected and ServicesResolved, then for the GATT objects (bluez #1489) → arm again →
/// RACP sync when the device has a glucose RACP → stream until Connected=false → back off → again.
/// </remarks>
internal sealed class DeviceSession
{
    private static readonly Dictionary<string, string[]> NoFlags = [];

    private readonly ChannelWriter<Observation> _output;
    private readonly RacpAcknowledger _acknowledger;
    private readonly BleOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FullJitterBackoff _backoff;
    private readonly HashSet<(ushort Seq, BleDateTime BaseTime)> _seenRecords = [];
    private readonly Dictionary<ushort, GlucoseMeasurementContext> _contexts = [];
    private readonly HashSet<string> _armed = new(StringComparer.Ordinal);
    private BlueZBus? _bus;
    private BlueZObjectCache? _cache;
    private string? _path;
    private RacpResponse? _racpResponse;
    private bool _racpActivity;
    private int _racpNewRecords;

    public DeviceSession(
        string address, int slot, ChannelWriter<Observation> output, RacpAcknowledger acknowledger, BleOptions options,
        TimeProvider time, Random random, ILogger logger)
    {
        Address = address.ToUpperInvariant();
        Slot = slot;
        _output = output;
        _acknowledger = acknowledger;
        _options = options;
        _time = time;
        _logger = logger;
        _backoff = new FullJitterBackoff(TimeSpan.FromMilliseconds(options.BackoffBaseMs), TimeSpan.FromMilliseconds(Math.Max(options.BackoffBaseMs, options.BackoffCapMs)), random);
    }

    /// <summary>The device address; it stays on the appliance.</summary>
    public string Address { get; }

    /// <summary>A small number that names the device in logs instead of its address.</summary>
    public int Slot { get; }

    /// <summary>Signals for this device, written by the central loop after it updated the cache. Unbounded: a D-Bus
    /// handler must never block, and every Value change may be a reading.</summary>
    public Channel<BusSignal> Inbox { get; } = Channel.CreateUnbounded<BusSignal>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Raised after the first observations of this session reached the output (pairing confirmation).</summary>
    public event Action<string>? ValidReading;

    /// <summary>Counts of parse rejections (for tests and metrics).</summary>
    public int Rejected { get; private set; }

    /// <summary>Runs the state machine on one bus generation until <paramref name="ct"/> fires.</summary>
    public async Task RunAsync(BlueZBus bus, BlueZObjectCache cache, string adapterPath, CancellationToken ct)
    {
        _bus = bus;
        _cache = cache;
        _armed.Clear(); // a new bus connection has no notify sessions: BlueZ dropped the old ones with the old connection
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(adapterPath, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DBusErrorReplyException or DBusConnectionException or DBusMessageException or DBusReadException or DBusUnexpectedValueException or TimeoutException or ObjectDisposedException or InvalidOperationException or IOException)
            {
                // The supervisor loop of one device: whatever failed, back off and start again from "find the device".
                var delay = _backoff.Next();
                BleLog.ConnectFailed(_logger, Slot, _backoff.Attempt, ErrorName(ex), (long)delay.TotalMilliseconds);
                await DelayAsync(delay, ct);
            }
        }
    }

    private async Task RunOnceAsync(string adapterPath, CancellationToken ct)
    {
        var cache = _cache!;
        _path = cache.FindDevice(adapterPath, Address);
        if (_path is null)
        {
            // Not known to bluetoothd (yet): wait for InterfacesAdded (a scan or a bluetoothd restart brings it).
            await WaitUntilAsync(() => cache.FindDevice(adapterPath, Address) is not null, Timeout.InfiniteTimeSpan, ct);
            return;
        }

        var path = _path;
        await ArmAsync(path, ct);
        if (!Connected(path))
        {
            try
            {
                await _bus!.CallAsync(path, BlueZNames.DeviceInterface, "Connect", ct, timeout: TimeSpan.FromMilliseconds(_options.ConnectTimeoutMs));
            }
            catch (DBusErrorReplyException e) when (e.ErrorName is "org.bluez.Error.AlreadyConnected" or "org.bluez.Error.InProgress")
            {
                // Someone else (or bluetoothd's auto-reconnect) is already connecting: wait for the properties below.
            }
        }

        var resolve = TimeSpan.FromMilliseconds(_options.ResolveTimeoutMs);
        if (!await WaitUntilAsync(() => Connected(path) && cache.GetBool(path, BlueZNames.DeviceInterface, "ServicesResolved"), resolve, ct))
        {
            throw new TimeoutException("services not resolved");
        }

        // ServicesResolved can arrive before the GATT objects (bluez #1489): wait for a measurement characteristic.
        await WaitUntilAsync(() => MeasurementCharacteristics(path).Count > 0 || !Connected(path), resolve, ct);
        await ArmAsync(path, ct);
        _backoff.Reset();
        BleLog.DeviceReady(_logger, Slot);

        var chars = MeasurementCharacteristics(path);
        if (Connected(path) && chars.Any(c => c.Uuid == Racp.CharacteristicUuid) && chars.Any(c => c.Uuid == GlucoseMeasurementParser.CharacteristicUuid))
        {
            await RacpSyncAsync(path, chars.First(c => c.Uuid == Racp.CharacteristicUuid).Path, ct);
        }

        await WaitUntilAsync(() => !Connected(path), Timeout.InfiniteTimeSpan, ct);
        BleLog.LinkLost(_logger, Slot);

        // Retry only after Connected=false was observed (ble.md §6.6); the first retry after a good session is quick.
        await DelayAsync(_backoff.Next(), ct);
    }

    private bool Connected(string path) => _cache!.GetBool(path, BlueZNames.DeviceInterface, "Connected");

    private List<(string Path, ushort Uuid, string[] Flags)> MeasurementCharacteristics(string path) =>
        [.. _cache!.Characteristics(path).Where(c => BlueZNames.MeasurementCharacteristics.Contains(c.Uuid))];

    /// <summary>
    /// StartNotify on every measurement characteristic that notifies or indicates and has no session of ours yet on
    /// this connection. Never AcquireNotify: indicate-only characteristics cannot be acquired and acquired ones lose
    /// early pushes (ble.md §3.6.1). Idempotent in BlueZ; our set avoids redundant calls.
    /// </summary>
    private async Task ArmAsync(string path, CancellationToken ct)
    {
        foreach (var (chrc, uuid, flags) in MeasurementCharacteristics(path))
        {
            if (_armed.Contains(chrc) || (!flags.Contains("notify") && !flags.Contains("indicate")))
            {
                continue;
            }

            try
            {
                await _bus!.StartNotifyAsync(chrc, ct);
                _armed.Add(chrc);
            }
            catch (DBusErrorReplyException e)
            {
                BleLog.ArmFailed(_logger, Slot, uuid, e.ErrorName);
            }
        }
    }

    /// <summary>
    /// Incremental RACP: "report records with sequence ≥ cursor+1" (all on the first sync), one request at a time,
    /// aborted with <c>03 00</c> after <see cref="BleOptions.RacpTimeoutMs"/> of silence. The cursor itself moves only
    /// in <see cref="RacpAcknowledger"/>, after ingest reports the records durably stored.
    /// </summary>
    private async Task RacpSyncAsync(string path, string racp, CancellationToken ct)
    {
        var cursor = _acknowledger.Cursor(Address);
        if (cursor == ushort.MaxValue)
        {
            return;
        }

        var request = cursor is { } c ? Racp.ReportFrom((ushort)(c + 1)) : Racp.ReportAll();
        _racpResponse = null;
        _racpNewRecords = 0;
        await _bus!.WriteValueAsync(racp, request, ct);
        var silence = TimeSpan.FromMilliseconds(_options.RacpTimeoutMs);
        while (true)
        {
            _racpActivity = false;
            var done = await WaitUntilAsync(() => _racpResponse is not null || !Connected(path) || _racpActivity, silence, ct);
            if (done && _racpActivity && _racpResponse is null && Connected(path))
            {
                continue;
            }

            if (!done)
            {
                BleLog.RacpTimedOut(_logger, Slot);
                _racpResponse = null;
                try
                {
                    await _bus.WriteValueAsync(racp, Racp.Abort(), ct);
                    await WaitUntilAsync(() => _racpResponse is not null || !Connected(path), silence, ct);
                }
                catch (DBusErrorReplyException)
                {
                    // The link or the meter is gone; the next connection starts a fresh sync from the durable cursor.
                }

                BleLog.RacpFinished(_logger, Slot, "aborted", _racpNewRecords);
                return;
            }

            var outcome = !Connected(path) ? "link lost" : _racpResponse!.Code?.ToString() ?? "count";
            BleLog.RacpFinished(_logger, Slot, outcome, _racpNewRecords);
            return;
        }
    }

    /// <summary>
    /// Reads inbox signals (handling each: readings flow out as they come) until <paramref name="condition"/> holds or
    /// <paramref name="timeout"/> passes. Returns whether the condition held.
    /// </summary>
    private async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken ct)
    {
        using var timer = timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        while (!condition())
        {
            try
            {
                var signal = await Inbox.Reader.ReadAsync(linked.Token);
                await HandleAsync(signal, ct);
            }
            catch (OperationCanceledException) when (timer.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                return condition();
            }
        }

        return true;
    }

    /// <summary>Drains the inbox without waiting (used when a run ends, so no reading stays behind).</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        while (Inbox.Reader.TryRead(out var signal))
        {
            await HandleAsync(signal, ct);
        }
    }

    private async Task HandleAsync(BusSignal signal, CancellationToken ct)
    {
        if (signal is not PropertiesChangedSignal { Interface: BlueZNames.CharacteristicInterface } changed
            || !changed.Changed.TryGetValue("Value", out var value)
            || _cache?.CharacteristicOwner(changed.Path) is not { } owner
            || !string.Equals(_cache.AddressOf(owner.DevicePath), Address, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var bytes = value.GetArray<byte>();
        var at = _time.GetUtcNow();
        var observations = Decode(owner.Uuid, bytes, at, out var error);
        if (error is not null)
        {
            Rejected++;
            BleLog.Rejected(_logger, Slot, owner.Uuid, error);
            return;
        }

        foreach (var o in observations)
        {
            await _output.WriteAsync(o, ct);
        }

        if (observations.Count > 0)
        {
            ValidReading?.Invoke(Address);
        }
    }

    private IReadOnlyList<Observation> Decode(ushort uuid, byte[] bytes, DateTimeOffset at, out string? error)
    {
        error = null;
        switch (uuid)
        {
            case HeartRateMeasurementParser.CharacteristicUuid:
                return Map(HeartRateMeasurementParser.Parse(bytes), m => HeartRateMeasurementParser.ToObservations(m, Address, at), out error);
            case BloodPressureMeasurementParser.CharacteristicUuid:
                return Map(BloodPressureMeasurementParser.Parse(bytes), m => BloodPressureMeasurementParser.ToObservations(m, Address, at), out error);
            case BloodPressureMeasurementParser.IntermediateCuffPressureUuid:
                // Progress display only; validated, never persisted (ble.md §1.4).
                return Map(BloodPressureMeasurementParser.ParseIntermediateCuffPressure(bytes), _ => [], out error);
            case TemperatureMeasurementParser.CharacteristicUuid:
                return Map(TemperatureMeasurementParser.Parse(bytes), m => TemperatureMeasurementParser.ToObservations(m, Address, at), out error);
            case PlxMeasurementParser.SpotCheckUuid:
                return Map(PlxMeasurementParser.ParseSpotCheck(bytes), m => PlxMeasurementParser.ToObservations(m, Address, at), out error);
            case PlxMeasurementParser.ContinuousUuid:
                return Map(PlxMeasurementParser.ParseContinuous(bytes), m => PlxMeasurementParser.ToObservations(m, Address, at), out error);
            case WeightMeasurementParser.CharacteristicUuid:
                return Map(WeightMeasurementParser.Parse(bytes), m => WeightMeasurementParser.ToObservations(m, Address, at), out error);
            case GlucoseMeasurementParser.CharacteristicUuid:
                return Map(GlucoseMeasurementParser.Parse(bytes), m => Glucose(m, at), out error);
            case GlucoseMeasurementParser.ContextUuid:
                return Map(GlucoseMeasurementParser.ParseContext(bytes), c => Context(c), out error);
            case Racp.CharacteristicUuid:
                return Map(Racp.ParseResponse(bytes), r => RacpIndication(r), out error);
            default:
                return [];
        }
    }

    private static IReadOnlyList<Observation> Map<T>(ParseResult<T> result, Func<T, IReadOnlyList<Observation>> map, out string? error)
    {
        error = result.Error;
        return result.IsSuccess ? map(result.Value) : [];
    }

    /// <summary>
    /// A glucose record, live or from RACP: dropped when (device, sequence, base time) was already emitted, else
    /// registered with the acknowledger before it is handed to ingest, so its durability can be tracked.
    /// </summary>
    private IReadOnlyList<Observation> Glucose(GlucoseMeasurement m, DateTimeOffset at)
    {
        _racpActivity = true;
        if (!_seenRecords.Add((m.SequenceNumber, m.BaseTime)))
        {
            BleLog.DuplicateRecord(_logger, Slot);
            return [];
        }

        _racpNewRecords++;
        var observations = GlucoseMeasurementParser.ToObservations(m, Address, at);
        _acknowledger.Register(Address, m.SequenceNumber, observations);
        return observations;
    }

    private List<Observation> Context(GlucoseMeasurementContext c)
    {
        // Joined by sequence number; no VitalKind carries meal, tester or HbA1c yet, so the context is kept, not sent.
        _racpActivity = true;
        _contexts[c.SequenceNumber] = c;
        if (_contexts.Count > 256)
        {
            _contexts.Remove(_contexts.Keys.Min());
        }

        return [];
    }

    private List<Observation> RacpIndication(RacpResponse r)
    {
        _racpResponse = r;
        return [];
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        // Signals keep flowing while we wait (a late notification is still a reading): handle them during the delay.
        await WaitUntilAsync(static () => false, delay, ct);
    }

    private static string ErrorName(Exception ex) => ex switch
    {
        DBusErrorReplyException e => e.ErrorName,
        _ => ex.GetType().Name,
    };
}
