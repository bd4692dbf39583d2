using Edge.Core;
using Edge.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Edge.Host.Clock;

/// <summary>
/// Asks the Linux kernel whether the clock is synchronised: <c>adjtimex(2)</c> with no modes returns
/// <c>TIME_ERROR</c> (5) while the clock is unsynchronised (STA_UNSYNC), which is the state until NTP or a GPS/RTC
/// source disciplines it. Configuration can force trusted or untrusted. The answer is cached for 10 s.
/// </summary>
public sealed class KernelClockTrust : IClockTrust
{
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

            _cached = KernelClock.Query();
            Volatile.Write(ref _checkedAt, now);
            return _cached;
        }
    }
}
