using System.Net;
using Microsoft.Extensions.Options;
using MQTTnet.Server;

namespace Edge.Host.Demo;

/// <summary>Runs the demo's stand-in cloud broker for the life of the host and counts what it receives.</summary>
public sealed class DemoBrokerService : IHostedService, IDisposable
{
    private readonly DemoBrokerOptions _options;
    private readonly ILogger<DemoBrokerService> _logger;
    private MqttServer? _server;
    private long _received;

    public DemoBrokerService(IOptions<DemoBrokerOptions> options, ILogger<DemoBrokerService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Application messages the broker has received (the "cloud" side of the demo).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Whether the broker runs in this process.</summary>
    public bool Enabled => _options.Enabled;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        var factory = new MqttServerFactory();
        var options = factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
            .WithDefaultEndpointPort(_options.Port)
            .Build();
        _server = factory.CreateMqttServer(options);
        _server.InterceptingPublishAsync += e =>
        {
            Interlocked.Increment(ref _received);
            return Task.CompletedTask;
        };
        await _server.StartAsync();
        HostLog.DemoBrokerStarted(_logger, _options.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync();
        }
    }

    public void Dispose() => _server?.Dispose();
}
