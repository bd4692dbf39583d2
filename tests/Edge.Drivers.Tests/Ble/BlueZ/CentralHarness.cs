using Edge.Core;
using Edge.Drivers.Ble;
using Edge.Drivers.Ble.BlueZ;
using Edge.Drivers.Ble.Pairing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Drivers.Tests.Ble.BlueZ;

/// <summary>Our real BLE central, acknowledger and pairing engine pointed at a <see cref="BlueZDouble"/>.</summary>
internal sealed class CentralHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _stop = new();

    public CentralHarness(BlueZDouble bz, int racpTimeoutMs = 10_000, params string[] devices)
    {
        Options = new BleOptions
        {
            Enabled = true,
            BusAddress = bz.Address,
            Devices = [.. devices],
            BackoffBaseMs = 20,
            BackoffCapMs = 200,
            ConnectTimeoutMs = 5_000,
            ResolveTimeoutMs = 5_000,
            RacpTimeoutMs = racpTimeoutMs,
            CallTimeoutMs = 10_000,
        };
        var state = Path.Combine(bz.Directory, "state");
        Cursors = new RacpCursorStore(state);
        Acknowledger = new RacpAcknowledger(Cursors, NullLogger<RacpAcknowledger>.Instance);
        Central = new BleCentral(Microsoft.Extensions.Options.Options.Create(Options), Acknowledger, TimeProvider.System, NullLogger<BleCentral>.Instance, new Random(7));
        Audit = new PairingAudit(state);
        Pairing = new BlePairingEngine(Central, new BindingStore(state), Audit, Cursors, TimeProvider.System, NullLogger<BlePairingEngine>.Instance);
    }

    public BleOptions Options { get; }

    public RacpCursorStore Cursors { get; }

    public RacpAcknowledger Acknowledger { get; }

    public BleCentral Central { get; }

    public PairingAudit Audit { get; }

    public BlePairingEngine Pairing { get; }

    public async Task StartAsync()
    {
        await Central.StartAsync(_stop.Token);
        await Central.Ready.WaitAsync(Patience);
    }

    /// <summary>The next observation, or a test failure after <see cref="Patience"/>.</summary>
    public async Task<Observation> NextAsync()
    {
        using var cts = new CancellationTokenSource(Patience);
        return await Central.Observations.ReadAsync(cts.Token);
    }

    /// <summary>Reads <paramref name="count"/> observations.</summary>
    public async Task<List<Observation>> NextAsync(int count)
    {
        var list = new List<Observation>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(await NextAsync());
        }

        return list;
    }

    /// <summary>No further observation arrives before <paramref name="quiet"/> elapses (used only to prove absence).</summary>
    public async Task<bool> NothingMoreAsync(TimeSpan quiet)
    {
        using var cts = new CancellationTokenSource(quiet);
        try
        {
            await Central.Observations.WaitToReadAsync(cts.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Central.StopAsync(CancellationToken.None);
        Central.Dispose();
        _stop.Dispose();
    }
}
