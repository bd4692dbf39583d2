namespace Edge.Drivers.Ble.BlueZ;

/// <summary>BlueZ 5.66 D-Bus names (doc/*-api.txt) and the Bluetooth SIG UUIDs Edge understands.</summary>
internal static class BlueZNames
{
    public const string Service = "org.bluez";
    public const string AdapterInterface = "org.bluez.Adapter1";
    public const string DeviceInterface = "org.bluez.Device1";
    public const string GattServiceInterface = "org.bluez.GattService1";
    public const string CharacteristicInterface = "org.bluez.GattCharacteristic1";
    public const string AgentManagerInterface = "org.bluez.AgentManager1";
    public const string AgentInterface = "org.bluez.Agent1";
    public const string AgentManagerPath = "/org/bluez";
    public const string ObjectManagerInterface = "org.freedesktop.DBus.ObjectManager";
    public const string PropertiesInterface = "org.freedesktop.DBus.Properties";

    public const ushort HeartRateService = 0x180D;
    public const ushort BloodPressureService = 0x1810;
    public const ushort HealthThermometerService = 0x1809;
    public const ushort PulseOximeterService = 0x1822;
    public const ushort WeightScaleService = 0x181D;
    public const ushort GlucoseService = 0x1808;

    /// <summary>The health services discovery is filtered to (ble.md §1.0).</summary>
    public static readonly ushort[] HealthServices =
        [HeartRateService, BloodPressureService, HealthThermometerService, PulseOximeterService, WeightScaleService, GlucoseService];

    /// <summary>Characteristics whose values Edge parses; each is armed with StartNotify.</summary>
    public static readonly ushort[] MeasurementCharacteristics =
    [
        HeartRateMeasurementParser.CharacteristicUuid,
        BloodPressureMeasurementParser.CharacteristicUuid,
        BloodPressureMeasurementParser.IntermediateCuffPressureUuid,
        TemperatureMeasurementParser.CharacteristicUuid,
        PlxMeasurementParser.SpotCheckUuid,
        PlxMeasurementParser.ContinuousUuid,
        WeightMeasurementParser.CharacteristicUuid,
        GlucoseMeasurementParser.CharacteristicUuid,
        GlucoseMeasurementParser.ContextUuid,
        Racp.CharacteristicUuid,
    ];

    /// <summary>The 128-bit, lower-case form BlueZ uses in <c>UUID</c> properties.</summary>
    public static string Uuid(ushort short16) => $"0000{short16:x4}-0000-1000-8000-00805f9b34fb";

    /// <summary>The 16-bit form of a SIG base UUID, or null for a vendor UUID.</summary>
    public static ushort? Short(string uuid) =>
        uuid.Length == 36 && uuid.StartsWith("0000", StringComparison.Ordinal)
            && uuid.EndsWith("-0000-1000-8000-00805f9b34fb", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(uuid.AsSpan(4, 4), System.Globalization.NumberStyles.HexNumber, null, out var v)
            ? v
            : null;
}
