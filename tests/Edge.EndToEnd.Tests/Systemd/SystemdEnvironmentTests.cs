using System.Net.Sockets;
using Edge.EndToEnd.Tests.Infrastructure;
using Edge.Host.Systemd;

namespace Edge.EndToEnd.Tests.Systemd;

/// <summary>Reading systemd's environment, and the sd_notify datagram on path and abstract sockets.</summary>
public sealed class SystemdEnvironmentTests
{
    private static SystemdEnvironment Parse(int pid, params (string Key, string Value)[] variables) =>
        SystemdEnvironment.Parse(k => variables.FirstOrDefault(v => v.Key == k).Value, pid);

    [Fact]
    public void Parse_ReadsTheSocketAndTheWatchdogTimeout()
    {
        var env = Parse(42, ("NOTIFY_SOCKET", "/run/systemd/notify"), ("WATCHDOG_USEC", "30000000"), ("WATCHDOG_PID", "42"));
        Assert.Equal("/run/systemd/notify", env.NotifySocket);
        Assert.Equal(TimeSpan.FromSeconds(30), env.WatchdogTimeout);
    }

    [Fact]
    public void Parse_WatchdogForAnotherProcess_IsNotOurs()
    {
        var env = Parse(42, ("NOTIFY_SOCKET", "@abstract"), ("WATCHDOG_USEC", "30000000"), ("WATCHDOG_PID", "43"));
        Assert.Equal("@abstract", env.NotifySocket);
        Assert.Null(env.WatchdogTimeout);
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("@")]
    [InlineData("")]
    public void Parse_AnInvalidSocket_CountsAsAbsent(string socket) =>
        Assert.Null(Parse(1, ("NOTIFY_SOCKET", socket)).NotifySocket);

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("30s")]
    [InlineData("")]
    public void Parse_AnInvalidWatchdogTimeout_CountsAsAbsent(string usec) =>
        Assert.Null(Parse(1, ("NOTIFY_SOCKET", "/run/systemd/notify"), ("WATCHDOG_USEC", usec)).WatchdogTimeout);

    [Fact]
    public async Task Send_ReachesAPathSocket()
    {
        using var paths = new TestPaths();
        await using var listener = new NotifyListener(paths.Combine("notify"));
        Assert.Null(new NotifySocket(listener.Address).Send("READY=1\nSTATUS=test"));
        var received = await listener.WaitForAsync("READY=1", TimeSpan.FromSeconds(5));
        Assert.Equal("test", received.Value("STATUS"));
    }

    [Fact]
    public async Task Send_ReachesAnAbstractSocket()
    {
        await using var listener = new NotifyListener("@edge-test-" + Guid.NewGuid().ToString("N"));
        Assert.Null(new NotifySocket(listener.Address).Send("WATCHDOG=1"));
        await listener.WaitForAsync("WATCHDOG=1", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Send_WithNobodyListening_ReturnsTheError()
    {
        using var paths = new TestPaths();
        var error = new NotifySocket(paths.Combine("absent")).Send("READY=1");
        Assert.NotNull(error);
        Assert.NotEqual(SocketError.Success, error);
    }
}
