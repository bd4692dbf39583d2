using Edge.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Sync.Outbox;

/// <summary>
/// Expires items past their class TTL once a minute. TTL is measured from measurement time, and measurement times
/// come from the gateway clock, so nothing is expired while that clock is not trusted (a clock that jumped forward
/// would otherwise wipe the backlog).
/// </summary>
public sealed class OutboxMaintenanceService : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    private readonly OutboxStore _store;
    private readonly IClockTrust _clock;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxMaintenanceService> _logger;

    public OutboxMaintenanceService(OutboxStore store, IClockTrust clock, TimeProvider time, ILogger<OutboxMaintenanceService> logger)
    {
        _store = store;
        _clock = clock;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (_clock.Current != ClockTrust.Trusted)
                {
                    continue;
                }

                var expired = _store.SweepExpired(_time.GetUtcNow());
                if (expired > 0)
                {
                    SyncLog.Expired(_logger, expired);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
