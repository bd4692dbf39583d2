using System.CommandLine;
using Edge.Provisioning.Cli;
using Edge.Provisioning.Config;

namespace Edge.Provisioning.Control;

/// <summary>
/// The <c>--socket</c> and <c>--config</c> options of the verbs that talk to the gateway, and how the socket is
/// found: <c>--socket</c>, else <c>Edge:Control:SocketPath</c> of the config (default <c>/etc/edge/edge.json</c> when
/// present), else the environment's default (<c>/run/edge/edge.sock</c>).
/// </summary>
internal sealed class SocketResolver
{
    public SocketResolver(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Socket);
        command.Options.Add(Config);
    }

    public Option<string> Socket { get; } = new("--socket") { Description = "The gateway's control socket (default: Edge:Control:SocketPath of the config, else /run/edge/edge.sock)." };

    public Option<string> Config { get; } = new("--config") { Description = "Gateway config to read the socket path from (default /etc/edge/edge.json when present)." };

    public string Resolve(ParseResult parse, EdgectlEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(environment);
        if (parse.GetValue(Socket) is { Length: > 0 } socket)
        {
            return socket;
        }

        if (parse.GetValue(Config) is { } configPath)
        {
            return GatewayConfig.Load(configPath).SocketPath;
        }

        if (environment.SocketPath is { } fromEnvironment)
        {
            return fromEnvironment;
        }

        if (File.Exists(environment.ConfigPath))
        {
            try
            {
                return GatewayConfig.Load(environment.ConfigPath).SocketPath;
            }
            catch (CliException)
            {
                // The default config may be unreadable for a tech in the gateway's group (0640 root-owned): the
                // production socket is still the right guess; --config names the problem when asked explicitly.
            }
        }

        return EdgectlEnvironment.DefaultSocketPath;
    }

    public ControlClient Connect(ParseResult parse, EdgectlEnvironment environment) => new(Resolve(parse, environment));
}
