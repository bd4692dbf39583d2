using System.ComponentModel.DataAnnotations;

namespace Edge.Drivers.Ble;

/// <summary>
/// Options of the BLE driver, bound from <c>Edge:Ble</c> and validated at start-up. Defaults are safe: disabled, the
/// standard system bus, hci0.
/// </summary>
public sealed class BleOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Edge:Ble";

    /// <summary>Registers the BLE source when true. Key <c>Edge:Ble:Enabled</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// D-Bus address of the bus bluetoothd is on. Always passed explicitly: <c>DBusConnection.System</c> caches
    /// <c>DBUS_SYSTEM_BUS_ADDRESS</c> for the process lifetime. Key <c>Edge:Ble:BusAddress</c>.
    /// </summary>
    [Required]
    [RegularExpression("^(unix|tcp):.+")]
    public string BusAddress { get; set; } = "unix:path=/var/run/dbus/system_bus_socket";

    /// <summary>Adapter name, e.g. hci0. Key <c>Edge:Ble:Adapter</c>.</summary>
    [Required]
    [RegularExpression("^hci[0-9]{1,2}$")]
    public string Adapter { get; set; } = "hci0";

    /// <summary>
    /// Devices to keep connected, by address (the BLE MAC, which never leaves the appliance), in addition to those the
    /// pairing engine binds. Key <c>Edge:Ble:Devices</c>.
    /// </summary>
    public List<string> Devices { get; set; } = [];

    /// <summary>Directory for the RACP cursors, device bindings and pairing audit; empty = <c>{Edge:DataDirectory}/ble</c>.</summary>
    public string StateDirectory { get; set; } = string.Empty;

    /// <summary>First reconnect delay ceiling in ms (full jitter: a delay is uniform in [0, min(cap, base·2^n)]).</summary>
    [Range(1, 60_000)]
    public int BackoffBaseMs { get; set; } = 500;

    /// <summary>Largest reconnect delay ceiling in ms.</summary>
    [Range(1, 3_600_000)]
    public int BackoffCapMs { get; set; } = 60_000;

    /// <summary>How long Connect may take before the attempt counts as failed.</summary>
    [Range(100, 120_000)]
    public int ConnectTimeoutMs { get; set; } = 20_000;

    /// <summary>How long after Connected the expected GATT objects may take to appear (bluez #1489).</summary>
    [Range(100, 120_000)]
    public int ResolveTimeoutMs { get; set; } = 10_000;

    /// <summary>RACP: the longest silence (no record, no response) before the procedure is aborted with <c>03 00</c>.</summary>
    [Range(50, 300_000)]
    public int RacpTimeoutMs { get; set; } = 10_000;

    /// <summary>Timeout of one D-Bus method call.</summary>
    [Range(100, 120_000)]
    public int CallTimeoutMs { get; set; } = 25_000;

    /// <summary>Agent1 capability registered with BlueZ.</summary>
    [RegularExpression("^(DisplayOnly|DisplayYesNo|KeyboardOnly|NoInputNoOutput|KeyboardDisplay)$")]
    public string AgentCapability { get; set; } = "KeyboardDisplay";
}
