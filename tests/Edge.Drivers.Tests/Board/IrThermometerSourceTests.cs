using Edge.Core;
using Edge.Drivers.Board;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Drivers.Tests.Board;

/// <summary>
/// The MLX90614 source through the real Iot.Device.Bindings binding on a simulated register-file device. Each object
/// read takes the next scripted word, so the samples are exact; the fake clock is advanced until the script is used.
/// </summary>
public sealed class IrThermometerSourceTests
{
    private static readonly BoardOptions Options1 = new() { ThermometerEnabled = true, I2cBus = 1, I2cAddress = 0x5A, ThermometerIntervalMs = 500 };

    private static async Task<(List<Observation> Observations, IrThermometerSource Source, int Opens)> RunScriptAsync(params ushort?[] script)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero));
        var devices = new List<RegisterFileI2cDevice>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pending = new Queue<ushort?>(script);
        var source = new IrThermometerSource(
            Options.Create(Options1),
            () =>
            {
                // Each (re)open gets a device holding the rest of the script.
                var device = new RegisterFileI2cDevice();
                while (pending.Count > 0)
                {
                    var next = pending.Dequeue();
                    device.ObjectScript.Enqueue(next);
                    if (next is null)
                    {
                        break;
                    }
                }

                if (pending.Count == 0)
                {
                    device.ScriptDone.Task.ContinueWith(_ => done.TrySetResult(), TaskScheduler.Default);
                }

                devices.Add(device);
                return device;
            },
            time,
            NullLogger<IrThermometerSource>.Instance);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var observations = new List<Observation>();
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var o in source.ReadAllAsync(cts.Token))
                {
                    observations.Add(o);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        while (!done.Task.IsCompleted && !cts.IsCancellationRequested)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(2);
        }

        // One more sample period so the last scripted sample is processed, then stop.
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        await cts.CancelAsync();
        await reader;
        Assert.True(done.Task.IsCompleted, "the script was not consumed");
        return (observations, source, devices.Count);
    }

    private static ushort? C(double celsius) => RegisterFileI2cDevice.Raw(celsius);

    [Fact]
    public async Task Room_ThenAPersonHoldingStill_GivesExactlyOneBodyTemperature()
    {
        var (observations, source, _) = await RunScriptAsync(C(22), C(23), C(36.55), C(36.6), C(36.65), C(36.6), C(36.6), C(36.7));

        var reading = Assert.Single(observations);
        Assert.Equal(VitalKind.BodyTemperature, reading.Kind);
        Assert.Equal(36.6, reading.Value, 1);
        Assert.Equal("i2c-1-0x5A", reading.Source);
        Assert.Equal(source.Source, reading.Source);
        Assert.Equal(QualityIssues.None, reading.Flags);
    }

    [Fact]
    public async Task PersonLeavesAndReturns_GivesASecondReading_HotDrinkGivesNone()
    {
        var (observations, _, _) = await RunScriptAsync(
            C(37.0), C(37.1), C(37.0), C(25.0), C(55.0), C(55.2), C(55.1), C(38.2), C(38.3), C(38.2));

        Assert.Equal([37.0, 38.2], observations.Select(o => Math.Round(o.Value, 1)));
    }

    [Fact]
    public async Task UnsteadySamples_AreNotAveragedIntoAReading()
    {
        var (observations, _, _) = await RunScriptAsync(C(35.0), C(36.5), C(35.2), C(36.9), C(35.1));

        Assert.Empty(observations);
    }

    [Fact]
    public async Task ErrorFlagWordAndI2cFailure_AreSkippedAndTheDeviceIsReopened()
    {
        // Bit 15 of a RAM word is the MLX90614 error flag; the binding reads it as a large negative temperature.
        var (observations, source, opens) = await RunScriptAsync(0x8000, C(36.8), null, C(36.9), C(36.8), C(36.8));

        Assert.Equal(36.8, Assert.Single(observations).Value, 1);
        Assert.Equal(1, source.I2cErrors);
        Assert.Equal(2, opens);
    }
}
