using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Host.Control;

/// <summary>Source-generated JSON for every body the control API reads or writes (no reflection at run time).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNameCaseInsensitive = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(SessionRequest))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(IReadOnlyList<DeviceInfo>))]
[JsonSerializable(typeof(PairingStartRequest))]
[JsonSerializable(typeof(PairingInfo))]
[JsonSerializable(typeof(IReadOnlyList<CandidateInfo>))]
[JsonSerializable(typeof(PairRequest))]
[JsonSerializable(typeof(PairResponse))]
[JsonSerializable(typeof(ConfirmationResponse))]
[JsonSerializable(typeof(BindRequest))]
[JsonSerializable(typeof(IReadOnlyList<PatientInfo>))]
[JsonSerializable(typeof(IReadOnlyList<AlertInfo>))]
[JsonSerializable(typeof(DiagnosticsResponse))]
public sealed partial class ControlJson : JsonSerializerContext;
