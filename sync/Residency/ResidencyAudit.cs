using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Edge.Core;
using Edge.Sync.Outbox;

namespace Edge.Sync.Residency;

/// <summary>Where a decision was made.</summary>
public enum AuditStage : byte
{
    /// <summary>At enqueue (the stamp).</summary>
    Enqueue,
    /// <summary>At send (the re-check).</summary>
    Send,
}

/// <summary>One audit counter: how many decisions of one kind. No PHI: class, destination, decision, rule.</summary>
public sealed record AuditCount(string Stage, string Class, string Destination, string Decision, string Rule, string Transforms, long Count);

/// <summary>
/// Counts every residency decision and appends them to an append-only, hash-chained JSON-lines file: each record
/// carries the policy version and digest, and <c>h</c>, the SHA-256 of the previous record's <c>h</c> and this
/// record, so a removed or edited line breaks the chain (<see cref="Verify"/>). Counting is in memory and cheap;
/// <see cref="Flush"/> writes what was counted since the last flush, one line per distinct decision, and fsyncs.
/// </summary>
public sealed class ResidencyAudit
{
    private readonly ConcurrentDictionary<Key, Counter> _counts = new();
    private readonly ResidencyPolicy _policy;
    private readonly object _fileLock = new();
    private string? _lastHash;

    public ResidencyAudit(ResidencyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policy = policy;
    }

    /// <summary>Counts <paramref name="n"/> decisions.</summary>
    public void Count(AuditStage stage, DataClass dataClass, string destination, ResidencyDecision decision, int n = 1)
    {
        var counter = _counts.GetOrAdd(new Key(stage, dataClass, destination, decision.Effect, decision.RuleId ?? "default-deny", decision.Transforms), static _ => new Counter());
        Interlocked.Add(ref counter.Total, n);
    }

    /// <summary>Every counter since start.</summary>
    public IReadOnlyList<AuditCount> Snapshot() =>
        _counts.Select(kv => ToRecord(kv.Key, Interlocked.Read(ref kv.Value.Total))).OrderBy(c => c.Stage, StringComparer.Ordinal)
            .ThenBy(c => c.Destination, StringComparer.Ordinal).ThenBy(c => c.Class, StringComparer.Ordinal).ToList();

    /// <summary>The total of decisions with this stage, destination and effect.</summary>
    public long Total(AuditStage stage, string destination, ResidencyEffect effect) =>
        _counts.Where(kv => kv.Key.Stage == stage && kv.Key.Destination == destination && kv.Key.Effect == effect)
            .Sum(kv => Interlocked.Read(ref kv.Value.Total));

    /// <summary>Appends a record that the policy was loaded (at start).</summary>
    public void RecordPolicyLoaded(string path, DateTimeOffset now, int destinations) =>
        Append(path, [Line(now, json =>
        {
            json.WriteString("event", "policy-loaded");
            json.WriteNumber("rules", _policy.Rules.Count);
            json.WriteNumber("destinations", destinations);
        })]);

    /// <summary>Appends the counts since the last flush and fsyncs. Returns how many records were written.</summary>
    public int Flush(string path, DateTimeOffset now)
    {
        lock (_fileLock)
        {
            return FlushLocked(path, now);
        }
    }

    private int FlushLocked(string path, DateTimeOffset now)
    {
        var lines = new List<Func<string?, string>>();
        foreach (var (key, counter) in _counts)
        {
            var total = Interlocked.Read(ref counter.Total);
            var delta = total - counter.Flushed;
            if (delta == 0)
            {
                continue;
            }

            counter.Flushed = total;
            var record = ToRecord(key, delta);
            lines.Add(Line(now, json =>
            {
                json.WriteString("event", "decisions");
                json.WriteString("stage", record.Stage);
                json.WriteString("class", record.Class);
                json.WriteString("destination", record.Destination);
                json.WriteString("decision", record.Decision);
                json.WriteString("rule", record.Rule);
                json.WriteString("transforms", record.Transforms);
                json.WriteNumber("count", record.Count);
            }));
        }

        Append(path, lines);
        return lines.Count;
    }

    /// <summary>Checks the hash chain of an audit file. Returns null when intact, else the first broken line (1-based) and why.</summary>
    public static string? Verify(string path)
    {
        string? previous = null;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var at = line.LastIndexOf(",\"h\":\"", StringComparison.Ordinal);
            if (at < 0 || !line.EndsWith("\"}", StringComparison.Ordinal))
            {
                return $"line {number}: no hash";
            }

            var body = line[..at] + "}";
            var hash = line[(at + 6)..^2];
            if (!string.Equals(hash, Chain(previous, body), StringComparison.Ordinal))
            {
                return $"line {number}: hash does not match (a line was changed, removed or inserted)";
            }

            previous = hash;
        }

        return null;
    }

    private Func<string?, string> Line(DateTimeOffset now, Action<Utf8JsonWriter> fields) => previous =>
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("at", now.UtcDateTime);
            json.WriteString("policy", _policy.Version);
            json.WriteString("digest", _policy.Digest);
            fields(json);
            json.WriteEndObject();
        }

        var body = Encoding.UTF8.GetString(buffer.ToArray());
        return body[..^1] + ",\"h\":\"" + Chain(previous, body) + "\"}";
    };

    private void Append(string path, List<Func<string?, string>> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        lock (_fileLock)
        {
            _lastHash ??= LastHash(path);
            var text = new StringBuilder();
            foreach (var line in lines)
            {
                var rendered = line(_lastHash);
                _lastHash = rendered[(rendered.LastIndexOf(",\"h\":\"", StringComparison.Ordinal) + 6)..^2];
                text.Append(rendered).Append('\n');
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var open = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
            if (!OperatingSystem.IsWindows())
            {
                open.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
            }

            using var file = new FileStream(path, open);
            file.Write(Encoding.UTF8.GetBytes(text.ToString()));
            file.Flush(flushToDisk: true);
        }
    }

    private static string? LastHash(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        string? last = null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length > 0)
            {
                last = line;
            }
        }

        var at = last?.LastIndexOf(",\"h\":\"", StringComparison.Ordinal) ?? -1;
        return at < 0 ? null : last![(at + 6)..^2];
    }

    private static string Chain(string? previous, string body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((previous ?? string.Empty) + "\n" + body)))[..32];

    private static AuditCount ToRecord(Key key, long count) => new(
        key.Stage == AuditStage.Enqueue ? "enqueue" : "send",
        OutboxClasses.Name(key.Class),
        key.Destination,
        ResidencyEffects.Name(key.Effect),
        key.Rule,
        key.Transforms.ToString(),
        count);

    private readonly record struct Key(AuditStage Stage, DataClass Class, string Destination, ResidencyEffect Effect, string Rule, TransformSet Transforms);

    private sealed class Counter
    {
        public long Total;
        public long Flushed;
    }
}
