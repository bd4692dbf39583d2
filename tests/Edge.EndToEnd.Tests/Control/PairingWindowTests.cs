using Edge.Drivers.Board;
using Edge.Host.Control;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.EndToEnd.Tests.Control;

/// <summary>
/// The page's "Start pairing" and the board's button are one window: both go through the board's indicator, and
/// the control API follows the indicator's changes whoever made them.
/// </summary>
public sealed class PairingWindowTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task OpenedByTheApi_TheBoardShowsPairing_ClosedOnTheBoard_TheApiSeesItClosed()
    {
        using var board = new BoardService(Options.Create(new BoardOptions { PairingWindowSeconds = 120 }), null, TimeProvider.System, NullLogger<BoardService>.Instance);
        using var window = new PairingWindow(board, Options.Create(new BoardOptions { PairingWindowSeconds = 120 }), TimeProvider.System, NullLogger<PairingWindow>.Instance);
        await window.StartAsync(CancellationToken.None);

        Assert.InRange(window.Open(TimeSpan.FromSeconds(60)), 59, 60);
        Assert.Equal(BoardState.Pairing, board.State); // the LED blinks fast, as after a button press

        board.SetPairing(false); // what a second button press does
        await UntilAsync(() => !window.Active);
        Assert.Equal(0, window.SecondsLeft);
        await window.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task OpenedOnTheBoard_TheApiSeesTheBoardsFullWindow()
    {
        var options = Options.Create(new BoardOptions { PairingWindowSeconds = 90 });
        using var board = new BoardService(options, null, TimeProvider.System, NullLogger<BoardService>.Instance);
        using var window = new PairingWindow(board, options, TimeProvider.System, NullLogger<PairingWindow>.Instance);
        await window.StartAsync(CancellationToken.None);

        board.SetPairing(true);
        await UntilAsync(() => window.Active);
        Assert.InRange(window.SecondsLeft, 85, 90);

        window.Close();
        Assert.NotEqual(BoardState.Pairing, board.State);
        await window.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AWindowShorterThanTheBoards_ClosesOnTheBoardToo()
    {
        var options = Options.Create(new BoardOptions { PairingWindowSeconds = 120 });
        using var board = new BoardService(options, null, TimeProvider.System, NullLogger<BoardService>.Instance);
        using var window = new PairingWindow(board, options, TimeProvider.System, NullLogger<PairingWindow>.Instance);
        await window.StartAsync(CancellationToken.None);

        window.Open(TimeSpan.FromSeconds(1));
        Assert.Equal(BoardState.Pairing, board.State);
        await UntilAsync(() => board.State != BoardState.Pairing);
        Assert.False(window.Active);
        await window.StopAsync(CancellationToken.None);
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(start) < Patience, "the condition did not hold in time");
            await Task.Delay(20);
        }
    }
}
