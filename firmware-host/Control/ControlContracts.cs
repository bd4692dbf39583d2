using System.Text.Json.Serialization;

namespace Edge.Host.Control;

// The JSON shapes of the control API v1 (docs/control-api.md). camelCase on the wire; records, immutable.

/// <summary>Every error: a code for programs, a sentence for people, and what to do about it.</summary>
public sealed record ApiError(string Error, string Message, string Fix);

/// <summary>POST /v1/session.</summary>
public sealed record SessionRequest(string? Pin);

/// <summary>GET /v1/status.</summary>
public sealed record StatusResponse(
    string Version,
    string GatewayId,
    string Site,
    long UptimeSeconds,
    string Clock,
    UplinkInfo Uplink,
    IReadOnlyList<BacklogEntry> Backlog,
    AnalyticsInfo Analytics,
    PairingInfo Pairing);

/// <summary>The uplink part of the status.</summary>
public sealed record UplinkInfo(string State, string? LastError, long Sent, long Reconnects);

/// <summary>One data class's backlog.</summary>
public sealed record BacklogEntry(string Class, long Count, long Bytes, long? OldestAgeSeconds);

/// <summary>Whether the anomaly model runs.</summary>
public sealed record AnalyticsInfo(string Mode, string? Reason, string? ModelVersion);

/// <summary>The pairing window (also the 202 body of POST /v1/pairing/start).</summary>
public sealed record PairingInfo(bool Active, int SecondsLeft);

/// <summary>One device of GET /v1/devices. <see cref="Address"/> is set on the Unix socket only, never on the LAN.</summary>
public sealed record DeviceInfo(
    string DeviceId,
    string Kind,
    string Transport,
    string PatientId,
    string PatientLabel,
    string Link,
    long? LastReadingAgeSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Address);

/// <summary>POST /v1/pairing/start.</summary>
public sealed record PairingStartRequest(int? Seconds);

/// <summary>One candidate of GET /v1/pairing/candidates.</summary>
public sealed record CandidateInfo(string CandidateId, string Kind, string Name, int? Rssi, bool NeedsPasskey);

/// <summary>POST /v1/pairing/pair.</summary>
public sealed record PairRequest(string? CandidateId, string? PatientId, string? Passkey);

/// <summary>The 200 body of POST /v1/pairing/pair.</summary>
public sealed record PairResponse(string DeviceId);

/// <summary>GET /v1/pairing/confirmation/{deviceId}: <c>{"confirmed": false}</c> or the first stored reading.</summary>
public sealed record ConfirmationResponse(
    bool Confirmed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Vital,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Unit,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Display);

/// <summary>POST /v1/patients/{patientId}/bind.</summary>
public sealed record BindRequest(string? DeviceId);

/// <summary>One patient of the roster.</summary>
public sealed record PatientInfo(string PatientId, string Label);

/// <summary>One alert of GET /v1/alerts.</summary>
public sealed record AlertInfo(string Id, string PatientId, string Code, string Severity, DateTimeOffset Raised);

/// <summary>GET /v1/diagnostics: versions, counters, and the configuration with every secret and address masked.</summary>
public sealed record DiagnosticsResponse(
    IReadOnlyDictionary<string, string> Versions,
    IReadOnlyDictionary<string, long> Metrics,
    IReadOnlyDictionary<string, string?> Config);
