using System.CommandLine;
using Edge.Provisioning.Cli;

namespace Edge.Provisioning.Diag;

internal static class DiagCommand
{
    public static Command Create(EdgectlEnvironment environment) => new("Diag".ToLowerInvariant());
}
