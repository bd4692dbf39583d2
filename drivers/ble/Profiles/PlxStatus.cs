namespace Edge.Drivers.Ble;

/// <summary>PLX Measurement Status (uint16), Pulse Oximeter Service 1.0; bits 0-4 are reserved.</summary>
[Flags]
public enum PlxMeasurementStatus : ushort
{
    None = 0,
    MeasurementOngoing = 1 << 5,
    EarlyEstimatedData = 1 << 6,
    ValidatedData = 1 << 7,
    FullyQualifiedData = 1 << 8,
    DataFromMeasurementStorage = 1 << 9,
    DataForDemonstration = 1 << 10,
    DataForTesting = 1 << 11,
    CalibrationOngoing = 1 << 12,
    MeasurementUnavailable = 1 << 13,
    QuestionableMeasurementDetected = 1 << 14,
    InvalidMeasurementDetected = 1 << 15,
}

/// <summary>PLX Device and Sensor Status (uint24); bits 16-23 are reserved.</summary>
[Flags]
public enum PlxDeviceSensorStatus
{
    None = 0,
    ExtendedDisplayUpdateOngoing = 1 << 0,
    EquipmentMalfunctionDetected = 1 << 1,
    SignalProcessingIrregularityDetected = 1 << 2,
    InadequateSignalDetected = 1 << 3,
    PoorSignalDetected = 1 << 4,
    LowPerfusionDetected = 1 << 5,
    ErraticSignalDetected = 1 << 6,
    NonpulsatileSignalDetected = 1 << 7,
    QuestionablePulseDetected = 1 << 8,
    SignalAnalysisOngoing = 1 << 9,
    SensorInterferenceDetected = 1 << 10,
    SensorUnconnectedToUser = 1 << 11,
    UnknownSensorConnected = 1 << 12,
    SensorDisplaced = 1 << 13,
    SensorMalfunctioning = 1 << 14,
    SensorDisconnected = 1 << 15,
}
