using System.Reflection;

// edgectl: the field-tech CLI. It talks to the running gateway over its local socket and never opens the outbox.
// This first cut only reports its version; provision, check, status, devices, policy, decode, analyze and diag
// arrive with the control API (see the README). Exit codes: 0 success, 2 usage error.
var version = Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
switch (args)
{
    case ["version"] or ["--version"]:
        Console.WriteLine($"edgectl {version}");
        return 0;
    case [] or ["help"] or ["--help"] or ["-h"]:
        Console.WriteLine("usage: edgectl version");
        return args.Length == 0 ? 2 : 0;
    default:
        Console.Error.WriteLine($"edgectl: unknown command '{string.Join(' ', args)}'. Run 'edgectl help'.");
        return 2;
}
