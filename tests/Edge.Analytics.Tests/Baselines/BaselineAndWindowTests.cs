using Edge.Analytics.Baselines;
using Edge.Analytics.Model;

namespace Edge.Analytics.Tests.Baselines;

public sealed class BaselineAndWindowTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RobustBaseline_AfterItsPeriod_JudgesEachTimeOfDayAgainstItsOwnNormal()
    {
        var baseline = new RobustBaseline(new BaselineOptions());
        for (var m = 0; m <= 24 * 60; m++)
        {
            var at = Midnight.AddMinutes(m);
            var bin = RobustBaseline.BinOf(at.TimeOfDay);
            // Night (00:00-04:00) around 58, the rest of the day around 78; +-2 wobble.
            baseline.Learn(0, bin, (bin == 0 ? 58 : 78) + ((m % 5) - 2), at);
            baseline.Advance(at);
        }

        Assert.True(baseline.TryZ(0, RobustBaseline.BinOf(TimeSpan.FromHours(3)), 58, out var night));
        Assert.True(baseline.TryZ(0, RobustBaseline.BinOf(TimeSpan.FromHours(15)), 58, out var afternoon));
        Assert.False(baseline.TryZ(1, 0, 97, out _));
        Assert.InRange(night, -0.5f, 0.5f);
        Assert.True(afternoon <= -6, $"58 /min at 15:00 scored {afternoon}");
    }

    [Fact]
    public void RobustBaseline_BeforeItsPeriodEnds_IsStillLearning()
    {
        var baseline = new RobustBaseline(new BaselineOptions());
        for (var m = 0; m < 23 * 60; m++)
        {
            baseline.Learn(0, 0, 70 + (m % 3), Midnight.AddMinutes(m));
            baseline.Advance(Midnight.AddMinutes(m));
        }

        Assert.False(baseline.AnyEstablished);
        Assert.False(baseline.TryZ(0, 0, 70, out _));
    }

    [Fact]
    public void RobustBaseline_QuantisedQuietSignal_UsesTheFloorNotAZeroMad()
    {
        var baseline = new RobustBaseline(new BaselineOptions());
        for (var m = 0; m <= 24 * 60; m++)
        {
            baseline.Learn(1, 0, 97, Midnight.AddMinutes(m));          // SpO2 at 97 all day: MAD 0
            baseline.Advance(Midnight.AddMinutes(m));
        }

        Assert.True(baseline.TryZ(1, 0, 96, out var z));
        Assert.Equal(-1f, z);                                           // floor 1 %: one point is one SD, not infinity
        Assert.True(baseline.TryZ(1, 0, 50, out var clipped));
        Assert.Equal(-ModelChannels.ZClip, clipped);
    }

    [Fact]
    public void PatientWindow_CopiesTheLast32MinutesOldestFirst()
    {
        var window = new PatientWindow();
        Span<float> z = stackalloc float[ModelChannels.Count];
        Span<float> mask = stackalloc float[ModelChannels.Count];
        for (var m = 0; m < 40; m++)
        {
            z[0] = m;
            mask[0] = 1;
            window.Push(z, mask, observed: m % 2 == 0);
        }

        var x = new float[ModelChannels.WindowMinutes * ModelChannels.Count];
        var xm = new float[x.Length];
        window.CopyTo(x, xm);

        Assert.Equal(Enumerable.Range(8, 32).Select(i => (float)i), Enumerable.Range(0, 32).Select(t => x[t * ModelChannels.Count]));
        Assert.Equal(16, window.ObservedMinutes);
    }

    [Fact]
    public void PatientWindow_CarriesATemperatureForTenMinutesButNeverAPulse()
    {
        var window = new PatientWindow();
        window.Add(3, 37.2);
        window.Add(0, 71);
        Assert.True(window.TryValue(3, 100, out var t, out var fresh));
        Assert.True(fresh);
        Assert.True(window.TryValue(0, 100, out _, out _));
        window.Push(new float[ModelChannels.Count], new float[ModelChannels.Count], observed: true);

        Assert.True(window.TryValue(3, 109, out var carried, out var carriedFresh));
        Assert.False(carriedFresh);
        Assert.Equal(37.2, carried);
        Assert.False(window.TryValue(3, 110, out _, out _));
        Assert.False(window.TryValue(0, 101, out _, out _));
        Assert.Equal(37.2, t);
    }
}

public sealed class UntrustedClockTests
{
    [Fact]
    public void Process_AllReadingsOnAnUntrustedClock_NeverBuildATimeOfDayBaseline()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var feed = new PatientFeed("patient-c", clock);
        using var engine = new AnalyticsEngine(new AnalyticsOptions { ModelPath = string.Empty, EmitMinuteScores = true });
        var scores = new List<MinuteScore>();
        for (var m = 0; m < 26 * 60; m++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            scores.AddRange(engine.Process(feed.Reading(Core.VitalKind.PulseRate, 70 + (m % 5), Core.QualityIssues.GatewayClockUntrusted)).Scores);
        }

        Assert.True(scores.Count > 25 * 60);
        Assert.All(scores, s => Assert.Null(s.Z[0]));
    }
}
