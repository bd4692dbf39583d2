namespace Edge.Provisioning.Cli;

/// <summary>
/// What edgectl runs against: its output streams, clock and default paths. The real program passes the console;
/// tests pass string writers, a fake clock and a temporary socket path, and drive the same commands in-process.
/// </summary>
/// <param name="Out">Standard output: results, tables, JSON.</param>
/// <param name="Error">Standard error: errors and fixes, progress for non-interactive runs.</param>
internal sealed record EdgectlEnvironment(TextWriter Out, TextWriter Error)
{
    /// <summary>Where the gateway config lives when <c>--config</c> is not given.</summary>
    public const string DefaultConfigPath = "/etc/edge/edge.json";

    /// <summary>The production control socket (the contract's default under systemd).</summary>
    public const string DefaultSocketPath = "/run/edge/edge.sock";

    /// <summary>Clock for certificate lifetimes, ages and the watch loop.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>True when a person watches a terminal: spinners and colour; false for pipes and tests.</summary>
    public bool Interactive { get; init; }

    /// <summary>Overrides the default config path (tests).</summary>
    public string ConfigPath { get; init; } = DefaultConfigPath;

    /// <summary>Overrides the socket path used when neither <c>--socket</c> nor a config names one (tests).</summary>
    public string? SocketPath { get; init; }

    /// <summary>The gateway's log folder for <c>diag bundle</c> when the config does not say (tests).</summary>
    public string? LogDirectory { get; init; }
}
