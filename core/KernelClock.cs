using System.Runtime.InteropServices;

namespace Edge.Core;

/// <summary>
/// Asks the Linux kernel whether the system clock is disciplined: <c>adjtimex(2)</c> with modes 0 only reads, and
/// returns TIME_ERROR (5) while STA_UNSYNC is set (no NTP, RTC or GPS discipline yet). One implementation for the
/// gateway's clock trust and for <c>edgectl check</c>.
/// </summary>
public static partial class KernelClock
{
    private const int TimeError = 5;

    /// <summary>Trusted when synchronised, Untrusted when the kernel says TIME_ERROR, Unknown when it cannot be asked.</summary>
    public static ClockTrust Query()
    {
        if (!OperatingSystem.IsLinux())
        {
            return ClockTrust.Unknown;
        }

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
