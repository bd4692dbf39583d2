using Edge.Core;
using Edge.Sync.Wire;
using MQTTnet;

namespace Edge.Sync.Dialects;

/// <summary>The broker seam: how a destination wants credentials, topics and message properties.</summary>
public interface IUplinkDialect
{
    /// <summary>Why a connection cannot be attempted right now (for example an untrusted clock for SAS tokens), or null.</summary>
    string? BlockedReason { get; }

    /// <summary>When the credentials of the last <see cref="Configure"/> stop working; null if they never expire.</summary>
    DateTimeOffset? CredentialsExpireAt { get; }

    /// <summary>Adds credentials, client id and protocol to a connection about to be made.</summary>
    void Configure(MqttClientOptionsBuilder builder);

    /// <summary>
    /// Builds one QoS 1 message carrying <paramref name="items"/> of one class, as they left the residency gate,
    /// serialised in <paramref name="format"/>.
    /// </summary>
    MqttApplicationMessage BuildMessage(DataClass dataClass, IReadOnlyList<WireItem> items, byte[] payload, IPayloadFormat format, string? contentEncoding);
}
