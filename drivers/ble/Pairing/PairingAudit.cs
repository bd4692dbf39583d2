using System.Text.Json;

namespace Edge.Drivers.Ble.Pairing;

/// <summary>
/// Append-only pairing audit: one JSON line per action (scan, pair, trust, bind, confirm, unpair, forget) with time,
/// opaque device id, patient id and outcome; never an address, name or passkey. Each line is fsync'd before the call
/// returns. Thread-safe.
/// </summary>
public sealed class PairingAudit
{
    private readonly string _path;
    private readonly Lock _lock = new();

    public PairingAudit(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "pairing-audit.jsonl");
    }

    /// <summary>The audit file.</summary>
    public string FilePath => _path;

    public void Append(DateTimeOffset at, string action, string outcome, string? deviceId = null, string? patientId = null)
    {
        var line = JsonSerializer.Serialize(new { at, action, outcome, deviceId, patientId }) + "\n";
        lock (_lock)
        {
            using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
            var bytes = System.Text.Encoding.UTF8.GetBytes(line);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Every entry so far, oldest first (raw JSON lines).</summary>
    public IReadOnlyList<string> ReadAll()
    {
        lock (_lock)
        {
            return File.Exists(_path) ? File.ReadAllLines(_path) : [];
        }
    }
}
