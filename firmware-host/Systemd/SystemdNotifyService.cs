using System.Globalization;
using Edge.Core.Progress;

namespace Edge.Host.Systemd;

/// <summary>
/// The gateway's side of <c>Type=notify</c>: <c>READY=1</c> once the host has started and the ingest loop runs,
/// <c>WATCHDOG=1</c> every half <c>WatchdogSec</c> while every pipeline stage in <see cref="PipelineHeartbeats"/>
/// made progress within its deadline, <c>STATUS=</c> lines on each change, and <c>STOPPING=1</c> when the host
/// begins to stop. Registered only when <c>$NOTIFY_SOCKET</c> is set.
/// </summary>
/// <remarks>
/// The watchdog is fed from the stages' progress, not from a timer alone: a live process whose ingest or uplink loop
/// hangs stops feeding it, and systemd restarts the service (<c>Restart=always</c> in the unit).
/// This class owns every notification; Microsoft.Extensions.Hosting.Systemd's lifetime is not used, so READY and
/// STOPPING are sent once.
/// </remarks>
internal sealed class SystemdNotifyService(
    NotifySocket socket,
    SystemdEnvironment environment,
    PipelineHeartbeats heartbeats,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SystemdNotifyService> logger) : BackgroundService
{
    /// <summary>Stages that must run before the gateway reports ready.</summary>
    private static readonly string[] RequiredForReady = [PipelineStages.Ingest];

    private CancellationTokenRegistration _onStopping;
    private readonly Lock _sending = new();
    private volatile bool _stopping;
    private bool _sendFailing;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _onStopping = lifetime.ApplicationStopping.Register(() =>
        {
            // Under the same lock as the watchdog's sends: no WATCHDOG=1 may follow STOPPING=1.
            lock (_sending)
            {
                _stopping = true;
                Send("STOPPING=1\nSTATUS=Stopping");
            }
        });
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _onStopping.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WhenStartedAsync(stoppingToken);
            foreach (var stage in RequiredForReady)
            {
                await heartbeats.WhenRegisteredAsync(stage, stoppingToken);
            }

            Send("READY=1\nSTATUS=" + Running());
            if (environment.WatchdogTimeout is not { } timeout)
            {
                SystemdLog.Ready(logger, "(no watchdog)");
                return;
            }

            // Half the timeout, as sd_watchdog_enabled(3) advises: one late tick never trips it.
            var period = timeout / 2;
            SystemdLog.Ready(logger, period.ToString("c", CultureInfo.InvariantCulture));
            using var timer = new PeriodicTimer(period, time);
            var stalled = false;
            do
            {
                stalled = Tick(stalled);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: STOPPING=1 went out from the ApplicationStopping callback.
        }
    }

    /// <summary>One watchdog period: feed it if every stage is on time, else say which stage is stuck.</summary>
    /// <returns>Whether the pipeline is stalled now.</returns>
    private bool Tick(bool wasStalled)
    {
        if (_stopping)
        {
            return wasStalled;
        }

        var check = heartbeats.Check();
        if (check.AllOnTime)
        {
            if (wasStalled)
            {
                SystemdLog.Recovered(logger);
                SendWhileRunning("WATCHDOG=1\nSTATUS=" + Running());
            }
            else
            {
                SendWhileRunning("WATCHDOG=1");
            }

            return false;
        }

        if (!wasStalled)
        {
            foreach (var stage in check.Stalled)
            {
                SystemdLog.Stalled(logger, stage.Stage, stage.SinceLastBeat.TotalSeconds, stage.Deadline.TotalSeconds);
            }

            var stuck = string.Join(", ", check.Stalled.Select(s => string.Create(
                CultureInfo.InvariantCulture, $"{s.Stage} {s.SinceLastBeat.TotalSeconds:F0} s without progress (deadline {s.Deadline.TotalSeconds:F0} s)")));
            SendWhileRunning("STATUS=Stalled: " + stuck + "; watchdog not fed");
        }

        return true;
    }

    private string Running() =>
        "Running: " + string.Join(", ", heartbeats.Check().Stages.Select(s => s.Stage)) + " making progress";

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }

    /// <summary>Sends unless the host began to stop (checked under the lock the stopping notice takes).</summary>
    private void SendWhileRunning(string state)
    {
        lock (_sending)
        {
            if (!_stopping)
            {
                Send(state);
            }
        }
    }

    private void Send(string state)
    {
        var error = socket.Send(state);
        if (error is { } e && !_sendFailing)
        {
            SystemdLog.SendFailed(logger, socket.Address, e);
        }

        _sendFailing = error is not null;
    }
}
