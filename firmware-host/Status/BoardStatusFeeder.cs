using Edge.Analytics.News2;
using Edge.Drivers.Board;
using Edge.Sync.Uplink;

namespace Edge.Host.Status;

/// <summary>
/// Feeds the status LED: uplink connected or not, and whether any patient is currently in a medium or high NEWS2
/// band. Polls twice a second; the indicator debounces its own blinking.
/// </summary>
public sealed class BoardStatusFeeder(IStatusIndicator indicator, UplinkStatus uplink, GatewayStatus status, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), time);
        try
        {
            do
            {
                indicator.SetUplinkConnected(uplink.State == UplinkState.Connected);
                indicator.SetAlarm(status.Patients.Values.Any(p =>
                    p.News2Band is nameof(News2RiskBand.Medium) or nameof(News2RiskBand.High)));
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
