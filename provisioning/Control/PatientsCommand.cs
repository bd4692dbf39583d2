using System.CommandLine;
using Edge.Provisioning.Cli;
using Spectre.Console;

namespace Edge.Provisioning.Control;

/// <summary><c>edgectl patients list|bind</c> over the socket API.</summary>
internal static class PatientsCommand
{
    public static Command Create(EdgectlEnvironment environment)
    {
        var command = new Command("patients", "The patient roster and device binding.");
        command.Subcommands.Add(List(environment));
        command.Subcommands.Add(Bind(environment));
        return command;
    }

    private static Command List(EdgectlEnvironment environment)
    {
        var command = new Command("list", "The roster from the gateway's config.");
        var socket = new SocketResolver(command);
        EdgectlApp.Verb(command, environment, async (parse, context, ct) =>
        {
            using var client = socket.Connect(parse, environment);
            var patients = await client.GetAsync("/v1/patients", ct);
            if (context.Json)
            {
                await context.WriteJsonAsync(patients);
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("patient", "label");
            foreach (var p in Json.Items(patients))
            {
                table.AddRow(Markup.Escape(Json.Str(p, "patientId")), Markup.Escape(Json.Str(p, "label")));
            }

            context.Render(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Bind(EdgectlEnvironment environment)
    {
        var command = new Command("bind", "Bind an already-paired device to a patient.");
        var socket = new SocketResolver(command);
        var patient = new Option<string>("--patient") { Description = "Patient id.", Required = true };
        var device = new Option<string>("--device") { Description = "Device id.", Required = true };
        command.Options.Add(patient);
        command.Options.Add(device);
        EdgectlApp.Verb(command, environment, async (parse, context, ct) =>
        {
            var patientId = parse.GetRequiredValue(patient);
            var deviceId = parse.GetRequiredValue(device);
            DevicesCommand.RequireId(patientId, "--patient");
            DevicesCommand.RequireId(deviceId, "--device");
            using var client = socket.Connect(parse, environment);
            await client.PostAsync($"/v1/patients/{Uri.EscapeDataString(patientId)}/bind", new { deviceId }, ct);
            if (context.Json)
            {
                await context.WriteJsonAsync(new { ok = true, patientId, deviceId });
            }
            else
            {
                await context.LineAsync($"bound device {deviceId} to patient {patientId}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
