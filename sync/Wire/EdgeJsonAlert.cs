namespace Edge.Sync.Wire;

/// <summary>
/// An alert as the compact Edge JSON writes it (schema <c>edge.batch/1</c>). Declaration order is wire order; null
/// members are left out. One instance is reused per writer.
/// </summary>
internal sealed class EdgeJsonAlert
{
    public Guid Id { get; set; }

    public string Type { get; } = "alert";

    public string? Patient { get; set; }

    public string Code { get; set; } = string.Empty;

    public string Severity { get; set; } = string.Empty;

    public int? Score { get; set; }

    /// <summary>UTC (kind <see cref="DateTimeKind.Utc"/>), so it is written with a <c>Z</c>.</summary>
    public DateTime Raised { get; set; }

    public Guid? Trigger { get; set; }
}
