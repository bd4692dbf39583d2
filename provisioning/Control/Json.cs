using System.Globalization;
using System.Text.Json;

namespace Edge.Provisioning.Control;

/// <summary>Tolerant readers for the gateway's JSON answers: a missing or null field reads as "-" or null.</summary>
internal static class Json
{
    public static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString()!,
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True => "yes",
                JsonValueKind.False => "no",
                _ => "-",
            }
            : "-";

    public static double? Num(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    public static JsonElement Obj(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

    public static IEnumerable<JsonElement> Items(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : [];

    public static IEnumerable<JsonElement> Items(JsonElement e, string name) => Items(Obj(e, name));

    /// <summary>Seconds as 45s, 12m03s, 3h12m, 2d04h.</summary>
    public static string Age(double? seconds)
    {
        if (seconds is not { } s || s < 0)
        {
            return "-";
        }

        var t = TimeSpan.FromSeconds(s);
        return t.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalDays}d{t.Hours:00}h")
            : t.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:00}m")
            : t.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m{t.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalSeconds}s");
    }

    /// <summary>Bytes as 512 B, 1.5 KiB, 3.2 MiB.</summary>
    public static string Bytes(double? bytes) => bytes switch
    {
        null => "-",
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes:0} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024 * 1024):0.##} GiB"),
    };
}
