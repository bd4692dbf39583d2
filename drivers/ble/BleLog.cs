using Microsoft.Extensions.Logging;

namespace Edge.Drivers.Ble;

/// <summary>
/// BLE log messages, event ids 2000-2099. No addresses, names, passkeys, patient ids or values: a device is named by
/// its opaque slot number (the index in the driver's device table) only.
/// </summary>
internal static partial class BleLog
{
    [LoggerMessage(2000, LogLevel.Information, "BLE driver connected to the bus; bluetoothd {Present}")]
    public static partial void BusConnected(ILogger logger, string present);

    [LoggerMessage(2001, LogLevel.Warning, "BLE bus session ended ({Reason}); rebuilding everything in {DelayMs} ms")]
    public static partial void Rebuilding(ILogger logger, string reason, long delayMs);

    [LoggerMessage(2002, LogLevel.Warning, "BLE bus connection failed")]
    public static partial void BusFailed(ILogger logger, Exception exception);

    [LoggerMessage(2003, LogLevel.Information, "BLE device slot {Slot} connected and armed")]
    public static partial void DeviceReady(ILogger logger, int slot);

    [LoggerMessage(2004, LogLevel.Information, "BLE device slot {Slot} link lost")]
    public static partial void LinkLost(ILogger logger, int slot);

    [LoggerMessage(2005, LogLevel.Warning, "BLE device slot {Slot} connect attempt {Attempt} failed ({Error}); retry in {DelayMs} ms")]
    public static partial void ConnectFailed(ILogger logger, int slot, int attempt, string error, long delayMs);

    [LoggerMessage(2006, LogLevel.Warning, "BLE device slot {Slot}: characteristic {Uuid:X4} rejected a packet: {Reason}")]
    public static partial void Rejected(ILogger logger, int slot, ushort uuid, string reason);

    [LoggerMessage(2007, LogLevel.Information, "BLE device slot {Slot}: RACP sync {Outcome}, {Records} new records")]
    public static partial void RacpFinished(ILogger logger, int slot, string outcome, int records);

    [LoggerMessage(2008, LogLevel.Warning, "BLE device slot {Slot}: RACP timed out; abort sent")]
    public static partial void RacpTimedOut(ILogger logger, int slot);

    [LoggerMessage(2009, LogLevel.Warning, "BLE device slot {Slot}: StartNotify failed on {Uuid:X4} ({Error})")]
    public static partial void ArmFailed(ILogger logger, int slot, ushort uuid, string error);

    [LoggerMessage(2010, LogLevel.Information, "BLE agent registered ({Capability})")]
    public static partial void AgentRegistered(ILogger logger, string capability);

    [LoggerMessage(2011, LogLevel.Warning, "BLE agent registration failed ({Error})")]
    public static partial void AgentFailed(ILogger logger, string error);

    [LoggerMessage(2012, LogLevel.Information, "BLE agent {Method}: {Answer}")]
    public static partial void AgentAnswered(ILogger logger, string method, string answer);

    [LoggerMessage(2013, LogLevel.Information, "BLE pairing {Action}: {Outcome}")]
    public static partial void Pairing(ILogger logger, string action, string outcome);

    [LoggerMessage(2014, LogLevel.Warning, "BLE adapter {Adapter} not present")]
    public static partial void NoAdapter(ILogger logger, string adapter);

    [LoggerMessage(2015, LogLevel.Warning, "BLE RACP cursor could not be stored")]
    public static partial void CursorStoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(2016, LogLevel.Debug, "BLE device slot {Slot}: duplicate record dropped")]
    public static partial void DuplicateRecord(ILogger logger, int slot);
}
