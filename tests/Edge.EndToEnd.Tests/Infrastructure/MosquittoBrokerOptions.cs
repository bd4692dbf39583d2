namespace Edge.EndToEnd.Tests.Infrastructure;

/// <summary>Settings of a <see cref="MosquittoBroker"/>; the defaults suit most tests.</summary>
public sealed record MosquittoBrokerOptions
{
    /// <summary>The one account in the password file.</summary>
    public string Username { get; init; } = "gateway";

    /// <summary>Its password; a fresh random one per broker when null.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// Seconds between saves of the in-memory state to <c>mosquitto.db</c> (mosquitto's default, 1800). A clean stop
    /// always saves; a SIGKILL loses everything since the last save, like a real broker crash.
    /// </summary>
    public int AutosaveIntervalSeconds { get; init; } = 1800;

    /// <summary>Extra <c>mosquitto.conf</c> lines appended verbatim, e.g. <c>message_size_limit 1024</c>.</summary>
    public IReadOnlyList<string> ExtraConfigLines { get; init; } = [];
}
