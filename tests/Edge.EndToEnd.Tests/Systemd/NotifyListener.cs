using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Edge.EndToEnd.Tests.Systemd;

/// <summary>
/// What systemd is for a <c>Type=notify</c> service: a bound Unix datagram socket (a path, or an abstract name when
/// the address starts with <c>@</c>) that records every notification with its arrival time.
/// </summary>
internal sealed class NotifyListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly ConcurrentQueue<Notification> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public NotifyListener(string address)
    {
        Address = address;
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(address[0] == '@' ? "\0" + address[1..] : address));
        _loop = Task.Run(ReceiveAsync);
    }

    /// <summary>The value for <c>$NOTIFY_SOCKET</c>.</summary>
    public string Address { get; }

    public IReadOnlyList<Notification> Received => [.. _received];

    /// <summary>The first notification (already received or still to come) holding the line <paramref name="line"/>.</summary>
    public async Task<Notification> WaitForAsync(string line, TimeSpan timeout, Func<string>? describe = null, long after = 0)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var found = _received.FirstOrDefault(n => n.At > after && n.Lines.Contains(line));
            if (found is not null)
            {
                return found;
            }

            var left = timeout - TimeProvider.System.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No '{line}' within {timeout}. Received:\n" + string.Join("\n---\n", _received.Select(n => n.Text)) + "\n" + describe?.Invoke());
            }

            await _arrived.WaitAsync(left);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
        _arrived.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _received.Enqueue(new Notification(TimeProvider.System.GetTimestamp(), Encoding.UTF8.GetString(buffer, 0, length)));
            _arrived.Release();
        }
    }
}

/// <summary>One datagram: its monotonic arrival timestamp and its <c>KEY=VALUE</c> lines.</summary>
internal sealed record Notification(long At, string Text)
{
    public IReadOnlyList<string> Lines { get; } = Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public bool Has(string line) => Lines.Contains(line);

    public string? Value(string key) => Lines.FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];
}
