using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Edge.Core;
using Edge.Sync.Outbox;

namespace Edge.Sync.Wire;

/// <summary>
/// Writes the compact Edge JSON batch (schema <c>edge.batch/1</c>): an envelope with the gateway identity and an
/// array of readings or alerts, each with its stable id (and for readings the opaque device id and per-device
/// sequence number) so consumers can drop duplicates and detect gaps. Not thread-safe: one writer per uplink.
/// </summary>
public sealed class WirePayloadWriter
{
    /// <summary>The schema id in every envelope.</summary>
    public const string Schema = "edge.batch/1";

    private readonly SiteOptions _site;
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly ArrayBufferWriter<byte> _item = new(1024);

    public WirePayloadWriter(SiteOptions site)
    {
        ArgumentNullException.ThrowIfNull(site);
        _site = site;
    }

    /// <summary>Serialises all of <paramref name="items"/> (one data class) into one batch.</summary>
    public byte[] Write(IReadOnlyList<StoredItem> items, DateTimeOffset sentAt)
    {
        ArgumentNullException.ThrowIfNull(items);
        var taken = WriteBatch(items, 0, items.Count, int.MaxValue, sentAt, out var payload);
        Debug.Assert(taken == items.Count, "an unbounded batch takes every item");
        return payload;
    }

    /// <summary>
    /// Serialises as many items as fit, from <paramref name="start"/>, up to <paramref name="maxItems"/> and
    /// <paramref name="maxBytes"/> of payload. Returns how many were taken; 0 means the first item alone is larger
    /// than <paramref name="maxBytes"/> (the caller dead-letters it rather than let it block the queue).
    /// </summary>
    public int WriteBatch(IReadOnlyList<StoredItem> items, int start, int maxItems, int maxBytes, DateTimeOffset sentAt, out byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        _buffer.ResetWrittenCount();
        var taken = 0;
        using (var json = new Utf8JsonWriter(_buffer))
        {
            json.WriteStartObject();
            json.WriteString("schema", Schema);
            json.WriteString("tenant", _site.Tenant);
            json.WriteString("site", _site.Site);
            json.WriteString("gateway", _site.Gateway);
            json.WriteString("sent", sentAt.UtcDateTime);
            json.WriteStartArray("items");
            json.Flush();
            var size = _buffer.WrittenCount + 2;
            for (var i = start; i < items.Count && taken < maxItems; i++)
            {
                var item = WriteItem(items[i]);
                if (size + item.Length + 1 > maxBytes)
                {
                    break;
                }

                json.WriteRawValue(item.Span, skipInputValidation: true);
                size += item.Length + 1;
                taken++;
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        payload = taken == 0 ? [] : _buffer.WrittenSpan.ToArray();
        return taken;
    }

    /// <summary>One item's JSON, as it stands inside a batch.</summary>
    public byte[] WriteSingle(StoredItem stored) => WriteItem(stored).ToArray();

    private ReadOnlyMemory<byte> WriteItem(StoredItem stored)
    {
        _item.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_item))
        {
            if (stored.Item.Reading is { } r)
            {
                WriteReading(json, r);
            }
            else
            {
                WriteAlert(json, stored.Item.Alert!);
            }
        }

        return _item.WrittenMemory;
    }

    private static void WriteReading(Utf8JsonWriter json, Reading r)
    {
        var info = VitalCatalog.Get(r.Kind);
        json.WriteStartObject();
        json.WriteString("id", r.Id);
        json.WriteString("type", "reading");
        json.WriteString("device", r.DeviceId);
        json.WriteNumber("seq", r.Seq);
        json.WriteString("patient", r.PatientId);
        json.WriteString("vital", info.Key);
        json.WriteString("loinc", info.Loinc);
        json.WriteNumber("value", r.Value);
        json.WriteString("unit", info.Ucum);
        json.WriteString("measured", r.MeasuredAt.UtcDateTime);
        if (r.DeviceTime is { } dt)
        {
            json.WriteString("deviceTime", dt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
        }

        json.WriteString("clock", ClockName(r.Clock));
        if (r.Flags != QualityIssues.None)
        {
            json.WriteStartArray("quality");
            foreach (var flag in Enum.GetValues<QualityIssues>())
            {
                if (flag != QualityIssues.None && r.Flags.HasFlag(flag))
                {
                    json.WriteStringValue(QualityName(flag));
                }
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteAlert(Utf8JsonWriter json, Alert a)
    {
        json.WriteStartObject();
        json.WriteString("id", a.Id);
        json.WriteString("type", "alert");
        json.WriteString("patient", a.PatientId);
        json.WriteString("code", a.Code);
        json.WriteString("severity", a.Severity switch
        {
            AlertSeverity.High => "high",
            AlertSeverity.Medium => "medium",
            AlertSeverity.Low => "low",
            _ => "info",
        });
        if (a.Score is { } score)
        {
            json.WriteNumber("score", score);
        }

        json.WriteString("raised", a.RaisedAt.UtcDateTime);
        json.WriteString("trigger", a.TriggerReadingId);
        json.WriteEndObject();
    }

    private static string ClockName(ClockTrust clock) => clock switch
    {
        ClockTrust.Trusted => "trusted",
        ClockTrust.Untrusted => "untrusted",
        _ => "unknown",
    };

    private static string QualityName(QualityIssues flag) => flag switch
    {
        QualityIssues.SensorContactLost => "sensor-contact-lost",
        QualityIssues.SensorFault => "sensor-fault",
        QualityIssues.LowPerfusion => "low-perfusion",
        QualityIssues.Artefact => "artefact",
        QualityIssues.Searching => "searching",
        QualityIssues.DeviceAlarm => "device-alarm",
        QualityIssues.DeviceClockNotSet => "device-clock-not-set",
        QualityIssues.GatewayClockUntrusted => "gateway-clock-untrusted",
        QualityIssues.Stale => "stale",
        _ => "other",
    };
}
