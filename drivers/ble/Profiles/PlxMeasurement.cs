namespace Edge.Drivers.Ble;

/// <summary>
/// One PLX Spot-check (0x2A5E) or PLX Continuous (0x2A5F) measurement as sent. For a continuous measurement
/// <see cref="SpO2"/>/<see cref="PulseRate"/> are SpO2PR-Normal, and the Fast/Slow pairs are optional.
/// </summary>
public sealed record PlxMeasurement(
    bool IsSpotCheck,
    MderFloat SpO2,
    MderFloat PulseRate,
    BleDateTime? TimeStamp,
    PlxMeasurementStatus? MeasurementStatus,
    PlxDeviceSensorStatus? DeviceSensorStatus,
    MderFloat? PulseAmplitudeIndex,
    bool DeviceClockNotSet,
    (MderFloat SpO2, MderFloat PulseRate)? Fast,
    (MderFloat SpO2, MderFloat PulseRate)? Slow)
{
    /// <summary>Presence only.</summary>
    public override string ToString() =>
        $"PlxMeasurement(spot={IsSpotCheck}, time={TimeStamp is not null}, status={MeasurementStatus is not null}, " +
        $"dss={DeviceSensorStatus is not null}, pai={PulseAmplitudeIndex is not null}, clockNotSet={DeviceClockNotSet})";
}
