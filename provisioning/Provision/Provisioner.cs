using System.Globalization;
using Edge.Provisioning.Cli;
using Spectre.Console;

namespace Edge.Provisioning.Provision;

/// <summary>Runs a validated plan: refuses to overwrite without --force, then writes every file atomically, config last.</summary>
internal static class Provisioner
{
    public static async Task<int> RunAsync(ProvisionRequest request, CommandContext context, CancellationToken ct)
    {
        var (files, problems) = ProvisionPlanner.Plan(request, context.Time.GetUtcNow());
        if (problems.Count > 0)
        {
            var exitCode = problems.Max(p => p.ExitCode);
            if (context.Json)
            {
                await context.WriteJsonAsync(new
                {
                    ok = false,
                    exitCode,
                    error = exitCode == ExitCodes.BadInput ? "bad-input" : "usage",
                    problems = problems.Select(p => p.Message),
                    fix = "correct the options named and run provision again; nothing was written",
                });
            }
            else
            {
                await context.Error.WriteLineAsync("edgectl provision: nothing was written:");
                foreach (var (_, message) in problems)
                {
                    await context.Error.WriteLineAsync("  - " + message);
                }
            }

            return exitCode;
        }

        var existing = files.Where(f => File.Exists(f.Path)).Select(f => f.Path).ToList();
        if (existing.Count > 0 && !request.Force)
        {
            throw new CliException(
                ExitCodes.CannotWrite,
                "refusing to overwrite existing files: " + string.Join(", ", existing),
                "pass --force to replace them (a new key replaces the old one: the CA must sign the new CSR), or choose another --config",
                "exists");
        }

        try
        {
            var folder = Path.GetDirectoryName(files[^1].Path)!;
            AtomicFile.EnsureDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            if (files.Any(f => f.Secret))
            {
                var secrets = Path.Combine(folder, ProvisionPlanner.SecretsFolder);
                AtomicFile.EnsureDirectory(secrets, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                File.SetUnixFileMode(secrets, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            // The config goes last: it never names a file that is not in place yet.
            foreach (var file in files)
            {
                await AtomicFile.WriteAsync(file.Path, file.Content, file.Mode, ct);
            }
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new CliException(
                ExitCodes.CannotWrite,
                $"cannot write the configuration: {ex.Message}",
                "run edgectl provision as root (sudo), or choose a --config folder you can write",
                "cannot-write");
        }

        var csr = files.FirstOrDefault(f => f.Role == "client-csr");
        var next = csr is null
            ? null
            : $"have the broker's CA sign {csr.Path} and install the certificate at {Path.ChangeExtension(csr.Path, ".crt")} (then run edgectl check)";
        if (context.Json)
        {
            await context.WriteJsonAsync(new
            {
                ok = true,
                config = files[^1].Path,
                files = files.Select(f => new { path = f.Path, role = f.Role, mode = Mode(f.Mode) }),
                next,
            });
            return ExitCodes.Ok;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumn("file").AddColumn("role").AddColumn("mode");
        foreach (var file in files)
        {
            table.AddRow(Markup.Escape(file.Path), file.Role, Mode(file.Mode));
        }

        await context.LineAsync($"wrote {files[^1].Path}");
        context.Render(table);
        if (next is not null)
        {
            await context.LineAsync("next: " + next);
        }

        await context.LineAsync($"then: edgectl check --config {files[^1].Path}");
        return ExitCodes.Ok;
    }

    private static string Mode(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8).PadLeft(3, '0').ToString(CultureInfo.InvariantCulture);
}
