using System.ComponentModel.DataAnnotations;
using Edge.Core;

namespace Edge.Sync.Outbox;

/// <summary>Options of the LiteDB outbox (section <c>Edge:Outbox</c>).</summary>
public sealed class OutboxOptions : IValidatableObject
{
    /// <summary>Most readings in one group commit. Larger batches amortise the fsync; the default suits a Pi 4 SD card.</summary>
    [Range(1, 100_000)]
    public int MaxBatch { get; set; } = 2_000;

    /// <summary>Items per segment file. A segment is deleted whole once every item in it was acknowledged.</summary>
    [Range(100, 10_000_000)]
    public int SegmentItems { get; set; } = 100_000;

    /// <summary>
    /// Free-disk watermark: below it, each append first sheds as many bytes as it adds, lowest class first and alarms
    /// last, so the store stops growing long before the disk is full.
    /// </summary>
    [Range(0L, long.MaxValue)]
    public long MinFreeDiskBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>
    /// Size of the ballast file kept beside the segments and released when the disk fills, so acknowledged items can
    /// still be deleted (a delete needs log space). 0 disables it.
    /// </summary>
    [Range(0, 256 * 1024 * 1024)]
    public int BallastBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Per-class limits, keyed <c>alarm</c>, <c>vitals</c>, <c>waveform</c>, <c>device-event</c>, <c>diagnostics</c>.
    /// Missing classes keep the defaults (see <see cref="Defaults"/>).
    /// </summary>
    public Dictionary<string, ClassLimitOptions> Classes { get; } = Defaults();

    /// <summary>
    /// Test hook: when set, the ids of every durably committed item are appended to this file after their commit
    /// returns, one per line. The crash tests compare it with what the broker received. Ids are opaque; no PHI.
    /// </summary>
    public string? CommitJournalPath { get; set; }

    /// <summary>The limits of a class.</summary>
    public ClassLimitOptions For(DataClass c) =>
        Classes.TryGetValue(OutboxClasses.Name(c), out var limits) ? limits : Defaults()[OutboxClasses.Name(c)];

    /// <summary>
    /// Defaults: alarms 64 MiB, kept 30 days, oldest dropped; vitals 2 GiB, 30 days, downsampled; waveforms 512 MiB,
    /// 2 days; device events 64 MiB, 30 days; diagnostics 32 MiB, 7 days; all but vitals drop the oldest.
    /// </summary>
    public static Dictionary<string, ClassLimitOptions> Defaults() => new(StringComparer.Ordinal)
    {
        ["alarm"] = new() { QuotaBytes = 64L << 20, FullPolicy = "drop_oldest", Ttl = TimeSpan.FromDays(30) },
        ["vitals"] = new() { QuotaBytes = 2L << 30, FullPolicy = "downsample", Ttl = TimeSpan.FromDays(30) },
        ["waveform"] = new() { QuotaBytes = 512L << 20, FullPolicy = "drop_oldest", Ttl = TimeSpan.FromDays(2) },
        ["device-event"] = new() { QuotaBytes = 64L << 20, FullPolicy = "drop_oldest", Ttl = TimeSpan.FromDays(30) },
        ["diagnostics"] = new() { QuotaBytes = 32L << 20, FullPolicy = "drop_oldest", Ttl = TimeSpan.FromDays(7) },
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var known = OutboxClasses.All.Select(OutboxClasses.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, limits) in Classes)
        {
            if (!known.Contains(name))
            {
                yield return new ValidationResult($"Classes:{name} is not a data class (expected one of {string.Join(", ", known)}).", [nameof(Classes)]);
                continue;
            }

            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(limits, new ValidationContext(limits), results, validateAllProperties: true))
            {
                foreach (var result in results)
                {
                    yield return new ValidationResult($"Classes:{name}:{string.Join(",", result.MemberNames)}: {result.ErrorMessage}", [nameof(Classes)]);
                }
            }

            if (limits.Ttl is { } ttl && ttl <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"Classes:{name}:Ttl must be positive.", [nameof(Classes)]);
            }
        }
    }
}
