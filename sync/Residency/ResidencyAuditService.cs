using Microsoft.Extensions.Hosting;

namespace Edge.Sync.Residency;

/// <summary>
/// Appends the counted residency decisions to the audit log every <see cref="ResidencyOptions.AuditInterval"/> and at
/// shutdown, records the policy at start, and sweeps expired keep-local items hourly.
/// </summary>
public sealed class ResidencyAuditService(ResidencyGate gate, LocalRetentionStore retained, ResidencyPaths paths, ResidencyOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        gate.Audit.RecordPolicyLoaded(paths.AuditFile, time.GetUtcNow(), gate.Destinations.Count);
        var lastSweep = DateTimeOffset.MinValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.AuditInterval, time, stoppingToken);
                gate.Audit.Flush(paths.AuditFile, time.GetUtcNow());
                if (time.GetUtcNow() - lastSweep > TimeSpan.FromHours(1))
                {
                    retained.Sweep(time.GetUtcNow());
                    lastSweep = time.GetUtcNow();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the final flush follows.
        }
        finally
        {
            gate.Audit.Flush(paths.AuditFile, time.GetUtcNow());
        }
    }
}

/// <summary>Resolved residency file locations.</summary>
/// <param name="AuditFile">The audit log.</param>
/// <param name="SecretFile">The site secret.</param>
public sealed record ResidencyPaths(string AuditFile, string SecretFile);

/// <summary>A patient's jurisdiction by id, or null to use the site's. Registered by the host from its roster.</summary>
public delegate string? PatientJurisdictionLookup(string patientId);
