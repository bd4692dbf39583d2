using System.ComponentModel.DataAnnotations;

namespace Edge.Host.Demo;

/// <summary>
/// The in-process MQTTnet broker that stands in for the cloud in the demo (section <c>Edge:DemoBroker</c>). It listens
/// on loopback only and accepts anonymous clients, so <c>mosquitto_sub -p 18830 -t 'edge/#'</c> can watch.
/// </summary>
public sealed class DemoBrokerOptions
{
    /// <summary>Start the in-process broker. On in the embedded demo only; a real deployment points <c>Edge:Uplink</c> at a real broker.</summary>
    public bool Enabled { get; set; }

    /// <summary>Loopback TCP port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 18830;
}
