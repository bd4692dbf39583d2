namespace Edge.Sync.Uplink;

/// <summary>State of the uplink connection, as shown to field techs and the console view.</summary>
public enum UplinkState
{
    Disconnected = 0,
    Connecting = 1,
    Connected = 2,
    /// <summary>The broker refused the credentials; retried with backoff, nothing dropped.</summary>
    NotAuthorized = 3,
    /// <summary>The broker refused the connection for another reason.</summary>
    Refused = 4,
    Stopped = 5,
    /// <summary>The TLS handshake failed: the broker's certificate is not trusted, or ours was refused.</summary>
    CertificateRejected = 7,
    /// <summary>The dialect cannot connect yet (for example an IoT Hub SAS token needs a trusted clock).</summary>
    Blocked = 6,
}
