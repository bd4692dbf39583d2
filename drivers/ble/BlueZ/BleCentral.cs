using System.Collections.Concurrent;
using System.Threading.Channels;
using Edge.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmds.DBus.Protocol;

namespace Edge.Drivers.Ble.BlueZ;

/// <summary>
/// The BLE central: one owner of one long-lived bus connection to bluetoothd. Each "generation" connects, subscribes,
/// reads the object tree, registers the agent and runs every device's state machine. When the bus connection drops
/// or the owner of <c>org.bluez</c> changes (bluetoothd restarted), the generation ends and everything is rebuilt
/// from scratch: cache, matches, agent, notify sessions (Tmds.DBus does not restore watches, #173). Readings leave
/// through <see cref="Observations"/>, a bounded channel with one reader (the BLE observation source).
/// </summary>
public sealed class BleCentral : BackgroundService, IAgentPolicyHost
{
    private readonly BleOptions _options;
    private readonly RacpAcknowledger _acknowledger;
    private readonly TimeProvider _time;
    private readonly ILogger<BleCentral> _logger;
    private readonly Random _random;
    private readonly Channel<Observation> _observations = Channel.CreateBounded<Observation>(new BoundedChannelOptions(4096)
    {
        // Back-pressure, not loss: a device session waits when ingest is behind; its inbox keeps the signals.
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
        SingleWriter = false,
    });

    private readonly ConcurrentDictionary<string, DeviceSession> _sessions = new(StringComparer.OrdinalIgnoreCase);
    private readonly TaskCompletionSource _firstGeneration = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Generation? _current;
    private int _nextSlot;

    public BleCentral(IOptions<BleOptions> options, RacpAcknowledger acknowledger, TimeProvider time, ILogger<BleCentral> logger)
        : this(options, acknowledger, time, logger, Random.Shared)
    {
    }

    internal BleCentral(IOptions<BleOptions> options, RacpAcknowledger acknowledger, TimeProvider time, ILogger<BleCentral> logger, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _acknowledger = acknowledger;
        _time = time;
        _logger = logger;
        _random = random;
        foreach (var address in _options.Devices)
        {
            AddDevice(address);
        }
    }

    /// <summary>Readings of every device, in receive order per device. One reader.</summary>
    public ChannelReader<Observation> Observations => _observations.Reader;

    /// <summary>The agent's answers (the pairing engine sets itself here).</summary>
    IAgentPolicy? IAgentPolicyHost.Policy { get; set; }

    /// <summary>Raised with the address when a device delivers its first valid reading of a session.</summary>
    public event Action<string>? ValidReading;

    /// <summary>Counts generations (bus connections with bluetoothd present) since start; for tests and status.</summary>
    public int Generations { get; private set; }

    internal BlueZObjectCache Cache { get; } = new();

    internal string AdapterPath => "/org/bluez/" + _options.Adapter;

    /// <summary>Completes when a generation is live (bus connected, objects read, agent registered).</summary>
    public Task Ready => _firstGeneration.Task;

    /// <summary>Keeps <paramref name="address"/> connected from now on. Idempotent.</summary>
    public void AddDevice(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        var added = false;
        var session = _sessions.GetOrAdd(address.ToUpperInvariant(), a =>
        {
            added = true;
            var s = new DeviceSession(a, Interlocked.Increment(ref _nextSlot), _observations.Writer, _acknowledger, _options, _time, _random, _logger);
            s.ValidReading += addr => ValidReading?.Invoke(addr);
            return s;
        });
        if (added)
        {
            _current?.Start(session);
        }
    }

    /// <summary>Stops keeping a device connected (unpair/forget). Readings already received stay in the channel.</summary>
    public void RemoveDevice(string address)
    {
        if (_sessions.TryRemove(address.ToUpperInvariant(), out var session))
        {
            _current?.Stop(session);
        }
    }

    /// <summary>The live bus connection, waiting for one.</summary>
    internal async Task<BlueZBus> BusAsync(CancellationToken ct)
    {
        while (true)
        {
            if (_current is { } g)
            {
                return g.Bus;
            }

            await Task.WhenAny(_firstGeneration.Task, Task.Delay(TimeSpan.FromMilliseconds(50), _time, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var backoff = new FullJitterBackoff(TimeSpan.FromMilliseconds(_options.BackoffBaseMs), TimeSpan.FromMilliseconds(Math.Max(_options.BackoffBaseMs, _options.BackoffCapMs)), _random);
        while (!stoppingToken.IsCancellationRequested)
        {
            string reason;
            try
            {
                reason = await RunBusAsync(backoff, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DBusConnectionException or DBusErrorReplyException or DBusMessageException or DBusReadException
                or TimeoutException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                // The stage's loop: a bus problem never ends the driver.
                BleLog.BusFailed(_logger, ex);
                reason = "bus error";
            }

            var delay = backoff.Next();
            BleLog.Rebuilding(_logger, reason, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _time, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One bus connection; inside it, one generation per bluetoothd instance.</summary>
    private async Task<string> RunBusAsync(FullJitterBackoff backoff, CancellationToken stoppingToken)
    {
        var signals = Channel.CreateUnbounded<BusSignal>(new UnboundedChannelOptions { SingleReader = true });
        var agent = new BlueZAgent(new PolicyProxy(this), _logger);
        var callTimeout = TimeSpan.FromMilliseconds(_options.CallTimeoutMs);
        using var bus = await BlueZBus.ConnectAsync(_options.BusAddress, signals.Writer, agent, _time, callTimeout, stoppingToken);
        BleLog.BusConnected(_logger, bus.Owner is null ? "absent" : "present");
        while (!stoppingToken.IsCancellationRequested)
        {
            // Wait for bluetoothd, handling nothing else meanwhile: without an owner there is nothing to talk to.
            while (bus.Owner is null)
            {
                var read = signals.Reader.ReadAsync(stoppingToken).AsTask();
                if (await Task.WhenAny(read, bus.Disconnected) != read)
                {
                    return "bus disconnected";
                }

                await read; // rethrows cancellation; an owner change updated bus.Owner
            }

            var outcome = await RunGenerationAsync(bus, signals.Reader, stoppingToken);
            backoff.Reset();
            if (outcome is not null)
            {
                return outcome;
            }
        }

        return "stopping";
    }

    /// <summary>Runs until bluetoothd's owner changes (returns null: rebuild on the same bus) or the bus is lost.</summary>
    private async Task<string?> RunGenerationAsync(BlueZBus bus, ChannelReader<BusSignal> signals, CancellationToken stoppingToken)
    {
        using var generationCts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var owner = bus.Owner;

        // Matches were added before this call, so no change between the snapshot and the signals can be missed.
        Cache.Reset(await bus.GetManagedObjectsAsync(stoppingToken));
        await RegisterAgentAsync(bus, stoppingToken);
        if (!Cache.HasAdapter(AdapterPath))
        {
            BleLog.NoAdapter(_logger, _options.Adapter);
        }

        var generation = new Generation(this, bus, generationCts.Token);
        _current = generation;
        Generations++;
        _firstGeneration.TrySetResult();
        foreach (var session in _sessions.Values)
        {
            generation.Start(session);
        }

        try
        {
            while (true)
            {
                var read = signals.WaitToReadAsync(stoppingToken).AsTask();
                if (await Task.WhenAny(read, bus.Disconnected) != read)
                {
                    return "bus disconnected";
                }

                if (!await read)
                {
                    return "signals completed";
                }

                while (signals.TryRead(out var signal))
                {
                    if (signal is BlueZOwnerChangedSignal changed)
                    {
                        if (changed.NewOwner != owner)
                        {
                            return null; // bluetoothd restarted (or left): rebuild everything
                        }

                        continue;
                    }

                    Cache.Apply(signal);
                    foreach (var session in _sessions.Values)
                    {
                        session.Inbox.Writer.TryWrite(signal);
                    }
                }
            }
        }
        finally
        {
            _current = null;
            await generation.StopAllAsync();
        }
    }

    private async Task RegisterAgentAsync(BlueZBus bus, CancellationToken ct)
    {
        try
        {
            await bus.RegisterAgentAsync(BlueZAgent.ObjectPath, _options.AgentCapability, ct);
            await bus.RequestDefaultAgentAsync(BlueZAgent.ObjectPath, ct);
            BleLog.AgentRegistered(_logger, _options.AgentCapability);
        }
        catch (DBusErrorReplyException e)
        {
            // Another default agent, or a policy that forbids it: pairing needs the agent, streaming does not.
            BleLog.AgentFailed(_logger, e.ErrorName);
        }
    }

    /// <summary>The device sessions running on one bluetoothd instance.</summary>
    private sealed class Generation(BleCentral central, BlueZBus bus, CancellationToken token)
    {
        private readonly ConcurrentDictionary<DeviceSession, (Task Run, CancellationTokenSource Cts)> _runs = new();

        public BlueZBus Bus { get; } = bus;

        public void Start(DeviceSession session)
        {
            var cts = CancellationTokenSource.CreateLinkedTokenSource(token);
            var run = Task.Run(() => session.RunAsync(Bus, central.Cache, central.AdapterPath, cts.Token), CancellationToken.None);
            if (!_runs.TryAdd(session, (run, cts)))
            {
                cts.Cancel();
                cts.Dispose();
            }
        }

        public void Stop(DeviceSession session)
        {
            if (_runs.TryRemove(session, out var r))
            {
                r.Cts.Cancel();
            }
        }

        public async Task StopAllAsync()
        {
            foreach (var (session, (run, cts)) in _runs)
            {
                await cts.CancelAsync();
                await run.ContinueWith(static _ => { }, TaskScheduler.Default);
                cts.Dispose();

                // Readings that arrived while we were stopping are still readings.
                await session.DrainAsync(CancellationToken.None);
            }

            _runs.Clear();
        }
    }

    /// <summary>Indirection so the agent can be exported before the pairing engine exists.</summary>
    private sealed class PolicyProxy(IAgentPolicyHost host) : IAgentPolicy
    {
        private IAgentPolicy? Policy => host.Policy;

        public uint? PasskeyFor(string devicePath) => Policy?.PasskeyFor(devicePath);

        public string? PinCodeFor(string devicePath) => Policy?.PinCodeFor(devicePath);

        public bool Confirm(string devicePath, uint passkey) => Policy?.Confirm(devicePath, passkey) ?? false;

        public bool AuthorizePairing(string devicePath) => Policy?.AuthorizePairing(devicePath) ?? false;

        public bool AuthorizeService(string devicePath, string uuid) => Policy?.AuthorizeService(devicePath, uuid) ?? false;

        public void Display(string devicePath, string code) => Policy?.Display(devicePath, code);

        public void Cancelled() => Policy?.Cancelled();
    }
}

/// <summary>Where the agent finds its answers.</summary>
internal interface IAgentPolicyHost
{
    IAgentPolicy? Policy { get; set; }
}
