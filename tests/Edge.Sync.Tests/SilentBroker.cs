using System.Net;
using System.Net.Sockets;

namespace Edge.Sync.Tests;

/// <summary>
/// A broker that accepts MQTT connections (answers CONNECT with a successful CONNACK) and then never acknowledges a
/// PUBLISH: the failure the progress watchdog exists for (a wedged broker or a half-open NAT mapping).
/// </summary>
internal sealed class SilentBroker : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _connections;

    public SilentBroker()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptAsync()
    {
        var clients = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                clients.Add(ServeAsync(socket));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        await Task.WhenAll(clients);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[64 * 1024];
            var connected = false;
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var n = await stream.ReadAsync(buffer, _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    if (!connected && (buffer[0] >> 4) == 1)
                    {
                        // MQTT 5 CONNACK: flags 0, reason Success, empty properties.
                        await stream.WriteAsync(new byte[] { 0x20, 0x03, 0x00, 0x00, 0x00 }, _stop.Token);
                        connected = true;
                    }

                    // Everything else (PUBLISH, PINGREQ) is read and ignored.
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
            {
                // The client went away or we are stopping.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
