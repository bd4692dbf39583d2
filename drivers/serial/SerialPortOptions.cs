using System.ComponentModel.DataAnnotations;

namespace Edge.Drivers.Serial;

/// <summary>One serial device: where it is plugged in and what it speaks (<c>Edge:Serial:Ports:N</c>).</summary>
public sealed class SerialPortOptions
{
    /// <summary>
    /// The absolute device path. Use the stable udev name, <c>/dev/serial/by-id/usb-…-if00-port0</c> (or by-path, or a
    /// udev <c>SYMLINK</c>), never <c>/dev/ttyUSB0</c>, which can change on replug. The path is the observation
    /// <c>Source</c> that <c>Edge:Patients:…:Devices:…:Source</c> binds to a patient. It holds the adapter's USB serial
    /// number, so it is never logged; logs name the port by its index.
    /// </summary>
    [Required]
    [RegularExpression("^/.{1,254}$", ErrorMessage = "Path must be an absolute device path such as /dev/serial/by-id/...")]
    public string Path { get; set; } = string.Empty;

    /// <summary>The wire protocol. Required in practice; the default is <see cref="SerialProtocol.Masimo"/>.</summary>
    [EnumDataType(typeof(SerialProtocol))]
    public SerialProtocol Protocol { get; set; } = SerialProtocol.Masimo;

    /// <summary>Whether this port is read. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Milliseconds without a byte after which the link counts as lost and is reopened. 0, the default, takes the
    /// protocol's value (3 s; Contec legacy 2 s; Nonin DF13 10 min). 200 to 3,600,000 otherwise.
    /// </summary>
    [Range(0, 3_600_000)]
    public int SilenceTimeoutMs { get; set; }

    /// <summary>
    /// The UTC offset of the device clock in minutes (Masimo and Nonin DF13 print local time). Advisory: device time
    /// travels beside the gateway time and never replaces it. -840 to 840; default 0.
    /// </summary>
    [Range(-840, 840)]
    public int DeviceUtcOffsetMinutes { get; set; }

    /// <summary>
    /// Contec V7 only: on every connect, read the device's stored sessions before starting the realtime stream. The
    /// records are sent flagged <c>Stale</c> with their device time. Nothing is ever erased on the device. Default false.
    /// </summary>
    public bool ReadStoredRecords { get; set; }
}
