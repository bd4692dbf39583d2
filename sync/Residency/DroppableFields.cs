using Edge.Sync.Wire;

namespace Edge.Sync.Residency;

/// <summary>The policy-file names of the optional wire fields a <c>drop-fields</c> transform may remove.</summary>
public static class DroppableFields
{
    private static readonly (string Name, WireFields Field)[] Table =
    [
        ("device", WireFields.Device),
        ("seq", WireFields.Seq),
        ("patient", WireFields.Patient),
        ("deviceTime", WireFields.DeviceTime),
        ("quality", WireFields.Quality),
        ("clock", WireFields.Clock),
        ("score", WireFields.Score),
        ("trigger", WireFields.Trigger),
    ];

    /// <summary>The names a policy file may use, for error messages.</summary>
    public static string Accepted { get; } = string.Join(", ", Table.Select(t => t.Name));

    /// <summary>Parses one field name.</summary>
    public static bool TryParse(string? name, out WireFields field)
    {
        foreach (var (n, f) in Table)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                field = f;
                return true;
            }
        }

        field = WireFields.None;
        return false;
    }

    /// <summary>The names of the fields in a mask, in table order.</summary>
    public static IEnumerable<string> Names(WireFields fields) => Table.Where(t => fields.HasFlag(t.Field)).Select(t => t.Name);
}
