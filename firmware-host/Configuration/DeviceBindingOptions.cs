using System.ComponentModel.DataAnnotations;

namespace Edge.Host.Configuration;

/// <summary>A device bound to a patient: its local hardware address and the opaque id it gets on the wire.</summary>
public sealed class DeviceBindingOptions
{
    /// <summary>The local address (BLE MAC, serial by-id path, simulator address). Never leaves the appliance.</summary>
    [Required]
    [StringLength(256, MinimumLength = 1)]
    public string Source { get; set; } = string.Empty;

    /// <summary>Opaque device id used on the wire.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    public string DeviceId { get; set; } = string.Empty;
}
