using System.CommandLine;
using Edge.Provisioning.Cli;

namespace Edge.Provisioning.Check;

internal static class CheckCommand
{
    public static Command Create(EdgectlEnvironment environment) => new("Check".ToLowerInvariant());
}
