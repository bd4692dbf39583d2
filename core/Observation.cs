namespace Edge.Core;

/// <summary>
/// One vital value as a driver parsed it from device bytes, in normalised units (see <see cref="VitalCatalog"/>).
/// </summary>
/// <param name="Source">
/// The local device address (BLE MAC, serial port path, simulator address). It identifies hardware, so it never
/// leaves the appliance: ingest replaces it with an opaque device id.
/// </param>
/// <param name="Kind">Which vital.</param>
/// <param name="Value">The value in the catalogue unit of <paramref name="Kind"/>.</param>
/// <param name="DeviceTime">The device's own timestamp, when the protocol carries one; advisory.</param>
/// <param name="ReceivedAt">Gateway time at which the driver received the bytes.</param>
/// <param name="Flags">Device quality flags.</param>
public sealed record Observation(
    string Source,
    VitalKind Kind,
    double Value,
    DateTimeOffset? DeviceTime,
    DateTimeOffset ReceivedAt,
    QualityIssues Flags);
