using System.CommandLine;
using Edge.Provisioning.Cli;

namespace Edge.Provisioning.Analyze;

internal static class AnalyzeCommand
{
    public static Command Create(EdgectlEnvironment environment) => new("Analyze".ToLowerInvariant());
}
