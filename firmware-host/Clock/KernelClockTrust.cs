using System.Runtime.InteropServices;
using Edge.Core;
using Edge.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Edge.Host.Clock;

/// <summary>
/// Asks the Linux kernel whether the clock is synchronised: <c>adjtimex(2)</c> with no modes returns
/// <c>TIME_ERROR</c> (5) while the clock is unsynchronised (STA_UNSYNC), which is the state until NTP or a GPS/RTC
/// source disciplines it. Configuration can force trusted or untrusted. The answer is cached for 10 s.
/// </summary>
public sealed partial class KernelClockTrust : IClockTrust
{
    private const int TimeError = 5;
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private readonly string _mode;
    private readonly TimeProvider _time;
    private ClockTrust _cached;
    private long _checkedAt = long.MinValue;

    public KernelClockTrust(IOptions<EdgeOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _mode = options.Value.ClockTrust;
        _time = time;
    }

    public ClockTrust Current
    {
        get
        {
            switch (_mode)
            {
                case "trusted":
                    return ClockTrust.Trusted;
                case "untrusted":
                    return ClockTrust.Untrusted;
            }

            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(Volatile.Read(ref _checkedAt), now) < CacheFor && _checkedAt != long.MinValue)
            {
                return _cached;
            }

            _cached = Query();
            Volatile.Write(ref _checkedAt, now);
            return _cached;
        }
    }

    private static ClockTrust Query()
    {
        if (!OperatingSystem.IsLinux())
        {
            return ClockTrust.Unknown;
        }

        try
        {
            // struct timex is 208 bytes on 64-bit Linux; a larger zeroed buffer with modes = 0 only reads.
            var buffer = new byte[512];
            var state = Adjtimex(buffer);
            return state switch
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
