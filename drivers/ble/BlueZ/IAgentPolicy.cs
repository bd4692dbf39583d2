namespace Edge.Drivers.Ble.BlueZ;

/// <summary>
/// Answers for the Agent1 that bluetoothd calls during pairing. Device paths are BlueZ object paths. Every method
/// answers "no" (null or false) when it has nothing to say; the agent then rejects cleanly with
/// <c>org.bluez.Error.Rejected</c>. Implementations must be thread-safe and must not block.
/// </summary>
internal interface IAgentPolicy
{
    /// <summary>The 6-digit passkey the caller supplied for a pairing in progress with this device.</summary>
    uint? PasskeyFor(string devicePath);

    /// <summary>The PIN code for a legacy device in pairing, if the caller supplied one.</summary>
    string? PinCodeFor(string devicePath);

    /// <summary>Numeric comparison: true when the displayed passkey equals the one the caller confirmed.</summary>
    bool Confirm(string devicePath, uint passkey);

    /// <summary>Just Works authorisation of a pairing Edge itself started.</summary>
    bool AuthorizePairing(string devicePath);

    /// <summary>A bonded device asks to use a service: allowed only for bound devices.</summary>
    bool AuthorizeService(string devicePath, string uuid);

    /// <summary>bluetoothd shows a passkey/PIN to be typed on the device (headless: recorded for the nurse page).</summary>
    void Display(string devicePath, string code);

    /// <summary>bluetoothd cancelled the request in progress, or released the agent.</summary>
    void Cancelled();
}
