using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Edge.Sync.Tests;

/// <summary>
/// MQTTnet.Server on a free loopback port, for fast unit tests of the uplink. The end-to-end tests use a real
/// mosquitto instead.
/// </summary>
internal sealed class InProcessBroker : IAsyncDisposable
{
    private readonly MqttServer _server;

    private InProcessBroker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    public ConcurrentQueue<(string Topic, byte[] Payload)> Received { get; } = new();

    public static async Task<InProcessBroker> StartAsync(string? requiredPassword = null)
    {
        var port = FreePort();
        var factory = new MqttServerFactory();
        var server = factory.CreateMqttServer(factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .Build());
        var broker = new InProcessBroker(server, port);
        server.ValidatingConnectionAsync += e =>
        {
            if (requiredPassword is not null && e.Password != requiredPassword)
            {
                e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
            }

            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += e =>
        {
            broker.Received.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        await server.StartAsync();
        return broker;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }
}
