using Edge.Core.Progress;
using Microsoft.Extensions.Time.Testing;

namespace Edge.EndToEnd.Tests.Systemd;

/// <summary>The progress registry behind the systemd watchdog, on a fake clock.</summary>
public sealed class PipelineHeartbeatsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Check_WithNoStageRegistered_IsOnTime()
    {
        var heartbeats = new PipelineHeartbeats(_time, TimeSpan.FromSeconds(30));
        Assert.True(heartbeats.Check().AllOnTime);
        Assert.Empty(heartbeats.Check().Stages);
    }

    [Fact]
    public void Register_CountsAsTheFirstBeat_UntilTheDeadlinePasses()
    {
        var heartbeats = new PipelineHeartbeats(_time, TimeSpan.FromSeconds(30));
        heartbeats.Register(PipelineStages.Ingest);

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(heartbeats.Check().AllOnTime);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var check = heartbeats.Check();
        Assert.False(check.AllOnTime);
        var stalled = Assert.Single(check.Stalled);
        Assert.Equal(PipelineStages.Ingest, stalled.Stage);
        Assert.Equal(TimeSpan.FromSeconds(30) + TimeSpan.FromMilliseconds(1), stalled.SinceLastBeat);
    }

    [Fact]
    public void Beat_ResetsOnlyItsOwnStage()
    {
        var heartbeats = new PipelineHeartbeats(_time, TimeSpan.FromSeconds(10));
        heartbeats.Register(PipelineStages.Ingest);
        heartbeats.Register(PipelineStages.Uplink, TimeSpan.FromSeconds(60));

        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(8));
            heartbeats.Beat(PipelineStages.Ingest);
        }

        Assert.True(heartbeats.Check().AllOnTime);
        _time.Advance(TimeSpan.FromSeconds(21));
        heartbeats.Beat(PipelineStages.Ingest);

        var check = heartbeats.Check();
        Assert.Equal([PipelineStages.Ingest, PipelineStages.Uplink], check.Stages.Select(s => s.Stage));
        Assert.Equal([PipelineStages.Uplink], check.Stalled.Select(s => s.Stage));
    }

    [Fact]
    public void Beat_OnAnUnregisteredStage_IsAProgrammingError()
    {
        var heartbeats = new PipelineHeartbeats(_time, TimeSpan.FromSeconds(10));
        var error = Assert.Throws<InvalidOperationException>(() => heartbeats.Beat(PipelineStages.Uplink));
        Assert.Contains("Register", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retire_StopsWatchingAStageThatEndedOnPurpose()
    {
        var heartbeats = new PipelineHeartbeats(_time, TimeSpan.FromSeconds(10));
        heartbeats.Register(PipelineStages.Ingest);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(heartbeats.Check().AllOnTime);

        heartbeats.Retire(PipelineStages.Ingest);
        Assert.True(heartbeats.Check().AllOnTime);
        Assert.Throws<InvalidOperationException>(() => heartbeats.Beat(PipelineStages.Ingest));
    }

    [Fact]
    public void BeatInterval_IsAThirdOfTheStageDeadline()
    {
        var heartbeats = new PipelineHeartbeats(_time, TimeSpan.FromSeconds(30));
        heartbeats.Register(PipelineStages.Uplink, TimeSpan.FromSeconds(90));
        Assert.Equal(TimeSpan.FromSeconds(10), heartbeats.BeatInterval(PipelineStages.Ingest));
        Assert.Equal(TimeSpan.FromSeconds(30), heartbeats.BeatInterval(PipelineStages.Uplink));
    }

    [Fact]
    public async Task WhenRegistered_CompletesOnRegistration_AndAtOnceAfterwards()
    {
        var heartbeats = new PipelineHeartbeats(_time, TimeSpan.FromSeconds(30));
        var waiting = heartbeats.WhenRegisteredAsync(PipelineStages.Ingest, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        heartbeats.Register(PipelineStages.Ingest);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(heartbeats.WhenRegisteredAsync(PipelineStages.Ingest, CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public void Constructor_RejectsANonPositiveDeadline()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PipelineHeartbeats(_time, TimeSpan.Zero));
        var heartbeats = new PipelineHeartbeats(_time, TimeSpan.FromSeconds(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => heartbeats.Register(PipelineStages.Ingest, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task Beat_FromManyThreads_KeepsTheNewestTime()
    {
        var heartbeats = new PipelineHeartbeats(_time, TimeSpan.FromSeconds(10));
        heartbeats.Register(PipelineStages.Ingest);
        _time.Advance(TimeSpan.FromSeconds(9));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                heartbeats.Beat(PipelineStages.Ingest);
            }
        })));

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.True(heartbeats.Check().AllOnTime);
    }
}
