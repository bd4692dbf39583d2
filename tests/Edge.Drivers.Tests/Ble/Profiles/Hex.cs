namespace Edge.Drivers.Tests.Ble.Profiles;

/// <summary>Test vectors are written as hex with optional spaces, as the cited suites print them.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
