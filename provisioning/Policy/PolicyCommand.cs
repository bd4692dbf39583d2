using System.CommandLine;
using Edge.Provisioning.Cli;
using Edge.Provisioning.Config;
using Edge.Sync.Outbox;
using Edge.Sync.Residency;

namespace Edge.Provisioning.Policy;

/// <summary>
/// <c>edgectl policy explain</c> and <c>edgectl policy check</c>: offline, on the config and policy files only, with
/// the gateway's own parser and evaluator, so the answer is the one the gateway would give.
/// </summary>
internal static class PolicyCommand
{
    public static Command Create(EdgectlEnvironment environment)
    {
        var policy = new Command("policy", "Check a residency policy file, or explain what it decides and why.");
        policy.Subcommands.Add(Explain(environment));
        policy.Subcommands.Add(Check(environment));
        return policy;
    }

    private static Command Explain(EdgectlEnvironment environment)
    {
        var dataClass = new Option<string>("--class") { Description = "Data class: " + string.Join(", ", OutboxClasses.All.Select(OutboxClasses.Name)) + ".", Required = true };
        var destination = new Option<string>("--destination") { Description = "Destination id from the config (Edge:Uplink or Edge:Destinations), or any id with --region and --purpose.", Required = true };
        var config = new Option<string>("--config") { Description = "Gateway config giving the policy file, site jurisdiction and destinations (default /etc/edge/edge.json)." };
        var policyFile = new Option<string>("--policy") { Description = "Policy file (default: the config's Edge:Residency:PolicyFile)." };
        var patient = new Option<string>("--patient-jurisdiction") { Description = "The patient's jurisdiction (default: the site's)." };
        var site = new Option<string>("--site-jurisdiction") { Description = "The site's jurisdiction (default: the config's Edge:Site:Jurisdiction)." };
        var region = new Option<string>("--region") { Description = "The destination's region (default: from the config)." };
        var purpose = new Option<string>("--purpose") { Description = "The destination's purpose (default: from the config)." };
        var command = new Command("explain", "Say what the policy does with one class for one destination, and which rule decides.")
        {
            dataClass, destination, config, policyFile, patient, site, region, purpose,
        };
        EdgectlApp.Verb(command, environment, async (parse, context, _) =>
        {
            var className = parse.GetValue(dataClass)!;
            var match = OutboxClasses.All.Where(c => OutboxClasses.Name(c) == className).ToList();
            if (match.Count == 0)
            {
                throw new CliException(ExitCodes.Usage, "bad-class", $"unknown class '{className}'.", "use one of " + string.Join(", ", OutboxClasses.All.Select(OutboxClasses.Name)));
            }

            var configPath = parse.GetValue(config);
            var gateway = configPath is not null || (parse.GetValue(policyFile) is null && File.Exists(environment.ConfigPath))
                ? LoadConfig(configPath ?? environment.ConfigPath)
                : null;
            var path = parse.GetValue(policyFile) ?? gateway?.PolicyFile
                ?? throw new CliException(ExitCodes.Usage, "no policy file: the config names none and --policy was not given.", "pass --policy FILE or --config FILE", "no-policy");
            var loaded = Load(path);
            var id = parse.GetValue(destination)!;
            var known = gateway is null ? null : Destinations(gateway).FirstOrDefault(d => d.Id == id);
            var target = new Destination(
                id,
                parse.GetValue(region) ?? known?.Region ?? throw new CliException(ExitCodes.Usage, $"destination '{id}' is not in the config.", "pass --region and --purpose, or a --config that defines it", "unknown-destination"),
                parse.GetValue(purpose) ?? known?.Purpose ?? "care");
            var siteJurisdiction = parse.GetValue(site) ?? gateway?.Jurisdiction
                ?? throw new CliException(ExitCodes.Usage, "the site jurisdiction is unknown.", "pass --site-jurisdiction XX or a --config with Edge:Site:Jurisdiction", "no-site-jurisdiction");
            var facts = new ResidencyFacts(match[0], parse.GetValue(patient) ?? siteJurisdiction, siteJurisdiction, target);
            var (decision, rules) = ResidencyExplainer.Explain(loaded, facts);

            if (context.Json)
            {
                await context.WriteJsonAsync(new
                {
                    policy = loaded.Version,
                    digest = loaded.Digest,
                    @class = className,
                    destination = new { target.Id, target.Region, target.Purpose },
                    patientJurisdiction = facts.PatientJurisdiction,
                    siteJurisdiction = facts.SiteJurisdiction,
                    decision = decision.EffectName,
                    rule = decision.RuleId ?? "default-deny",
                    transforms = decision.Transforms.ToString(),
                    keepLocalDays = decision.KeepLocalDays,
                    rules = rules.Select(r => new { id = r.RuleId, line = r.Line, effect = r.Effect, matched = r.Matched, reason = r.Reason }),
                });
                return ExitCodes.Ok;
            }

            await context.LineAsync($"policy {loaded.Version} ({loaded.Digest}) from {path}");
            await context.LineAsync($"{className} of a {facts.PatientJurisdiction} patient at a {facts.SiteJurisdiction} site -> destination {target.Id} (region {target.Region}, purpose {target.Purpose})");
            var because = decision.RuleId is { } rid ? $"rule '{rid}' (line {rules.First(r => r.RuleId == rid).Line})" : "no rule allows it (default deny)";
            var what = decision.Effect switch
            {
                ResidencyEffect.Allow => decision.Transforms.IsNone ? "ALLOW, sent as is" : $"ALLOW after {decision.Transforms}",
                ResidencyEffect.KeepLocal => $"KEEP LOCAL for {decision.KeepLocalDays} days, sent nowhere",
                _ => "DENY, never sent there",
            };
            await context.LineAsync($"decision: {what}, because of {because}");
            foreach (var r in rules)
            {
                await context.LineAsync(r.Matched
                    ? $"  line {r.Line,4}  {r.RuleId} ({r.Effect}): matches"
                    : $"  line {r.Line,4}  {r.RuleId} ({r.Effect}): no, {r.Reason}");
            }

            await context.LineAsync("precedence: keep-local > deny > allow (strictest transforms of all matching allows) > default deny");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Check(EdgectlEnvironment environment)
    {
        var file = new Argument<string>("FILE") { Description = "The policy file to validate." };
        var command = new Command("check", "Validate a residency policy file with the gateway's own parser.") { file };
        EdgectlApp.Verb(command, environment, async (parse, context, _) =>
        {
            var loaded = Load(parse.GetValue(file)!);
            if (context.Json)
            {
                await context.WriteJsonAsync(new { ok = true, policy = loaded.Version, digest = loaded.Digest, rules = loaded.Rules.Count });
            }
            else
            {
                await context.LineAsync($"ok: policy {loaded.Version} ({loaded.Digest}), {loaded.Rules.Count} rules");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static ResidencyPolicy Load(string path)
    {
        try
        {
            return ResidencyPolicy.Load(path);
        }
        catch (ResidencyPolicyException ex)
        {
            throw new CliException(ExitCodes.BadInput, ex.Message, "correct the file at the line named; see docs/residency.md for the format", "bad-policy");
        }
    }

    private static GatewayConfig LoadConfig(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.BadInput, $"the config {path} does not exist.", "pass --config FILE, or --policy FILE with --region, --purpose and --site-jurisdiction", "no-config");
        }

        return GatewayConfig.Load(path);
    }

    private static IEnumerable<Destination> Destinations(GatewayConfig config)
    {
        yield return new Destination(config.Uplink.Id, config.Uplink.Region, config.Uplink.Purpose);
        foreach (var section in config.Root.GetSection("Edge:Destinations").GetChildren())
        {
            yield return new Destination(section["Id"] ?? "cloud", section["Region"] ?? "local", section["Purpose"] ?? "care");
        }
    }
}
