using System.Runtime.InteropServices;
using Edge.Core;

namespace Edge.Provisioning.Check;

/// <summary>
/// Asks the kernel whether the clock is synchronised, as the gateway's KernelClockTrust does: <c>adjtimex(2)</c>
/// with modes 0 only reads, and returns TIME_ERROR (5) while STA_UNSYNC is set (no NTP/RTC discipline yet).
/// </summary>
internal static partial class ClockProbe
{
    private const int TimeError = 5;

    public static ClockTrust Query()
    {
        try
        {
            // struct timex is 208 bytes on 64-bit Linux; a larger zeroed buffer with modes = 0 only reads.
            var buffer = new byte[512];
            return Adjtimex(buffer) switch
            {
                < 0 => ClockTrust.Unknown,
                TimeError => ClockTrust.Untrusted,
                _ => ClockTrust.Trusted,
            };
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return ClockTrust.Unknown;
        }
    }

    [LibraryImport("libc", EntryPoint = "adjtimex")]
    private static partial int Adjtimex([In, Out] byte[] buffer);
}
