using Edge.Provisioning.Cli;

// edgectl: the field-tech CLI (docs/edgectl.md). It talks to the running gateway over its local Unix socket and
// never opens the outbox; offline it works on config, policy and capture files only.
var environment = new EdgectlEnvironment(Console.Out, Console.Error)
{
    Interactive = !Console.IsOutputRedirected && !Console.IsErrorRedirected,
};
return await EdgectlApp.RunAsync(args, environment);
