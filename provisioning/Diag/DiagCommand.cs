using System.CommandLine;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Edge.Provisioning.Cli;
using Edge.Provisioning.Config;
using Edge.Provisioning.Control;

namespace Edge.Provisioning.Diag;

/// <summary>
/// <c>edgectl diag bundle</c>: a tar.gz for support with no secrets and no PHI: a manifest (versions, what is in
/// it), the config with secrets masked (<see cref="Redactor"/>), the gateway's <c>/v1/diagnostics</c> and
/// <c>/v1/status</c> when it answers, and the gateway's logs with PHI fields dropped. Never the outbox, LiteDB
/// files, dead letters, the residency audit, the site secret or the content of any <c>*File</c>.
/// </summary>
internal static class DiagCommand
{
    /// <summary>At most this much log text goes in (newest files first).</summary>
    public const long MaxLogBytes = 32L * 1024 * 1024;

    public static Command Create(EdgectlEnvironment environment)
    {
        var command = new Command("diag", "Diagnostics for support.");
        var bundle = new Command("bundle", "Write a tar.gz of logs, config without secrets, versions and metrics, with no patient data.");
        var socket = new SocketResolver(bundle);
        var output = new Option<string>("--output", "-o") { Description = "The tar.gz to write (default: ./edge-diag-<gateway>-<time>.tar.gz)." };
        var force = new Option<bool>("--force") { Description = "Overwrite --output if it exists." };
        bundle.Options.Add(output);
        bundle.Options.Add(force);
        command.Subcommands.Add(bundle);
        EdgectlApp.Verb(bundle, environment, async (parse, context, ct) =>
        {
            var notes = new List<string>();
            var configPath = parse.GetValue(socket.Config) ?? environment.ConfigPath;
            GatewayConfig? config = null;
            JsonNode? configJson = null;
            if (File.Exists(configPath))
            {
                try
                {
                    config = GatewayConfig.Load(configPath);
                    configJson = Redactor.Config(JsonNode.Parse(await File.ReadAllTextAsync(configPath, ct), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }));
                }
                catch (Exception ex) when (ex is CliException or JsonException)
                {
                    notes.Add($"config {configPath} could not be read: {ex.Message}");
                }
            }
            else
            {
                notes.Add($"no config at {configPath}");
            }

            JsonElement? diagnostics = null;
            JsonElement? status = null;
            var socketPath = parse.GetValue(socket.Socket) ?? config?.SocketPath ?? environment.SocketPath ?? EdgectlEnvironment.DefaultSocketPath;
            try
            {
                using var client = new ControlClient(socketPath);
                diagnostics = await context.WithStatusAsync("asking the gateway for diagnostics", () => client.GetAsync("/v1/diagnostics", ct));
                status = await client.GetAsync("/v1/status", ct);
            }
            catch (CliException ex)
            {
                notes.Add("gateway not asked (offline bundle): " + ex.Message);
            }

            var gateway = config?.Site.Gateway ?? "unknown";
            var now = context.Time.GetUtcNow();
            var target = parse.GetValue(output) ?? Path.GetFullPath(string.Create(CultureInfo.InvariantCulture, $"edge-diag-{gateway}-{now:yyyyMMdd'T'HHmmss'Z'}.tar.gz"));
            if (File.Exists(target) && !parse.GetValue(force))
            {
                throw new CliException(ExitCodes.CannotWrite, $"{target} exists", "pass --force to replace it, or choose another --output", "exists");
            }

            var logDirectory = environment.LogDirectory ?? (config is null ? null : Path.Combine(config.DataDirectory, "logs"));
            var entries = new List<string>();
            var temp = target + ".tmp";
            try
            {
                await using (var file = new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
                await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
                await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
                {
                    if (configJson is not null)
                    {
                        await AddAsync(tar, "config.json", configJson.ToJsonString(CommandContext.JsonOptions), now, entries, ct);
                    }

                    if (diagnostics is { } d)
                    {
                        // The gateway masks its own secrets; masked again here so a server bug cannot leak one.
                        await AddAsync(tar, "gateway/diagnostics.json", Redactor.Config(JsonNode.Parse(d.GetRawText()))!.ToJsonString(CommandContext.JsonOptions), now, entries, ct);
                    }

                    if (status is { } s)
                    {
                        await AddAsync(tar, "gateway/status.json", Redactor.Config(JsonNode.Parse(s.GetRawText()))!.ToJsonString(CommandContext.JsonOptions), now, entries, ct);
                    }

                    var (logFiles, dropped) = await AddLogsAsync(tar, logDirectory, now, entries, notes, ct);
                    var manifest = new
                    {
                        kind = "edge-diag/1",
                        created = now,
                        edgectl = EdgectlApp.Version,
                        runtime = RuntimeInformation.FrameworkDescription,
                        os = RuntimeInformation.OSDescription,
                        architecture = RuntimeInformation.OSArchitecture.ToString(),
                        gateway,
                        gatewayAnswered = diagnostics is not null,
                        logFiles,
                        logLinesDropped = dropped,
                        excluded = "outbox and LiteDB files, dead letters, residency audit, site secret, the content of every *File, patient roster, device addresses",
                        notes,
                    };
                    await AddAsync(tar, "manifest.json", JsonSerializer.Serialize(manifest, CommandContext.JsonOptions), now, entries, ct);
                }

                File.Move(temp, target, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                File.Delete(temp);
                throw new CliException(ExitCodes.CannotWrite, $"cannot write {target}: {ex.Message}", "choose a writable --output");
            }

            if (context.Json)
            {
                await context.WriteJsonAsync(new { ok = true, bundle = target, entries, notes });
            }
            else
            {
                await context.LineAsync($"wrote {target} ({entries.Count} entries: {string.Join(", ", entries)})");
                foreach (var note in notes)
                {
                    await context.LineAsync("note: " + note);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<(int Files, long Dropped)> AddLogsAsync(TarWriter tar, string? directory, DateTimeOffset now, List<string> entries, List<string> notes, CancellationToken ct)
    {
        if (directory is null || !Directory.Exists(directory))
        {
            notes.Add(directory is null ? "no log folder known" : $"no log folder at {directory}");
            return (0, 0);
        }

        long budget = MaxLogBytes;
        long dropped = 0;
        var files = 0;
        // Only the gateway's own log files: never anything else that might sit in a folder named logs.
        var logs = new DirectoryInfo(directory).GetFiles()
            .Where(f => f.Extension is ".clef" or ".log" or ".json" or ".jsonl" && !f.Name.Contains("audit", StringComparison.OrdinalIgnoreCase) && !f.Name.Contains("dead", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(f => f.LastWriteTimeUtc);
        foreach (var log in logs)
        {
            if (budget <= 0)
            {
                notes.Add("log budget reached; older log files left out");
                break;
            }

            var text = new StringBuilder();
            try
            {
                using var reader = new StreamReader(new FileStream(log.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    if (Redactor.LogLine(line) is { } clean)
                    {
                        text.Append(clean).Append('\n');
                    }
                    else if (line.Length > 0)
                    {
                        dropped++;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                notes.Add($"log {log.Name} unreadable: {ex.Message}");
                continue;
            }

            budget -= text.Length;
            files++;
            await AddAsync(tar, "logs/" + log.Name, text.ToString(), now, entries, ct);
        }

        return (files, dropped);
    }

    private static async Task AddAsync(TarWriter tar, string name, string content, DateTimeOffset now, List<string> entries, CancellationToken ct)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
            ModificationTime = now,
        };
        await tar.WriteEntryAsync(entry, ct);
        entries.Add(name);
    }
}
