namespace Edge.Provisioning.Provision;

/// <summary>What <c>edgectl provision</c> was asked to write; every value as given on the command line.</summary>
internal sealed record ProvisionRequest
{
    public required string ConfigPath { get; init; }

    public string DataDirectory { get; init; } = "/var/lib/edge";

    public string? Tenant { get; init; }

    public string? Site { get; init; }

    public string? Gateway { get; init; }

    public string? Jurisdiction { get; init; }

    public string? Region { get; init; }

    public string DestinationId { get; init; } = "cloud";

    public string Purpose { get; init; } = "care";

    public string Format { get; init; } = "edge-json";

    public string? Broker { get; init; }

    public string? Username { get; init; }

    public string? PasswordFile { get; init; }

    public bool AllowPlaintext { get; init; }

    public string? TlsServerName { get; init; }

    public string? IotHub { get; init; }

    public string? DeviceId { get; init; }

    public string? DeviceKeyFile { get; init; }

    public string? CaFile { get; init; }

    public bool GenerateKey { get; init; }

    public string? ImportCert { get; init; }

    public string? ImportKey { get; init; }

    public string? PolicyFile { get; init; }

    public string? Pin { get; init; }

    public string SocketPath { get; init; } = Cli.EdgectlEnvironment.DefaultSocketPath;

    public string? LanUrl { get; init; }

    public bool Force { get; init; }
}
