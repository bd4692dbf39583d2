namespace Edge.Analytics.Alerts;

/// <summary>
/// Notices devices that fall silent. Per patient and device it learns the expected interval (the upper quartile of
/// the last eight gaps between readings, so that a cuff taking pairs a minute apart every 15 minutes is expected every
/// 15, not every minute) and reports a silence once the device has said nothing for
/// max(<c>minimum</c>, <c>factor</c> × expected). One report per silence; the next reading re-arms it. A device
/// needs three readings before its interval is trusted. Not thread-safe.
/// </summary>
internal sealed class SilenceMonitor(double factor, TimeSpan minimum)
{
    private const int Gaps = 8;

    private readonly Dictionary<(string Patient, string Device), DeviceState> _devices = [];

    /// <summary>Records a reading's arrival.</summary>
    public void Arrived(string patientId, string deviceId, DateTimeOffset at)
    {
        var key = (patientId, deviceId);
        if (!_devices.TryGetValue(key, out var d))
        {
            d = new DeviceState { PatientId = patientId, DeviceId = deviceId };
            _devices.Add(key, d);
        }
        else if (at > d.Last)
        {
            // Many readings share an instant (one device message carries several vitals); only real gaps count.
            d.Gaps[d.GapCount++ % Gaps] = (at - d.Last).TotalSeconds;
        }
        else if (at == d.Last)
        {
            return;
        }

        d.Last = at > d.Last ? at : d.Last;
        d.Reported = false;
    }

    /// <summary>Calls <paramref name="report"/> for every device that has become silent at <paramref name="now"/> and not been reported.</summary>
    public void Check<TState>(DateTimeOffset now, TState state, Action<TState, string, string, DateTimeOffset> report)
    {
        foreach (var d in _devices.Values)
        {
            if (d.Reported || d.GapCount < 2)
            {
                continue;
            }

            var limit = TimeSpan.FromSeconds(Math.Max(minimum.TotalSeconds, factor * d.ExpectedSeconds()));
            if (now - d.Last > limit)
            {
                d.Reported = true;
                report(state, d.PatientId, d.DeviceId, now);
            }
        }
    }

    private sealed class DeviceState
    {
        public readonly double[] Gaps = new double[SilenceMonitor.Gaps];
        public required string PatientId;
        public required string DeviceId;
        public DateTimeOffset Last;
        public int GapCount;
        public bool Reported;

        public double ExpectedSeconds()
        {
            var n = Math.Min(GapCount, Gaps.Length);
            Span<double> copy = stackalloc double[SilenceMonitor.Gaps];
            Gaps.AsSpan(0, n).CopyTo(copy);
            var used = copy[..n];
            used.Sort();
            return used[(3 * n) / 4];
        }
    }
}
