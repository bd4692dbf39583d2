using System.ComponentModel.DataAnnotations;

namespace Edge.Sync.Uplink;

/// <summary>Azure IoT Hub identity (section <c>Edge:Uplink:IotHub</c>), used when <c>Edge:Uplink:Dialect</c> is <c>iothub</c>.</summary>
public sealed class IotHubOptions
{
    /// <summary>The hub's host name, e.g. <c>contoso.azure-devices.net</c>.</summary>
    public string? HostName { get; set; }

    /// <summary>The device id registered in the hub.</summary>
    [RegularExpression("^[A-Za-z0-9\\-.%_*?!(),:=@$']{1,128}$")]
    public string? DeviceId { get; set; }

    /// <summary>A file (mode 0600) holding the device's base64 symmetric key.</summary>
    public string? SharedAccessKeyFile { get; set; }

    /// <summary>Lifetime of each SAS token.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Re-mint and reconnect (between batches) this long before the token expires.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromMinutes(10);
}
