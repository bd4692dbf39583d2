using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.Analytics;
using Edge.Analytics.Offline;
using Edge.Provisioning.Cli;
using Spectre.Console;

namespace Edge.Provisioning.Analyze;

/// <summary>
/// <c>edgectl analyze FILE.jsonl</c>: the gateway's analytics engine run offline (<see cref="OfflineAnalysis"/>) over
/// JSON lines of observations. <c>--json</c> streams the engine's JSON lines (scores, alerts, data-quality events,
/// errors, summary last); otherwise a summary and the alerts are printed, and <c>--output</c> keeps the lines.
/// Exit 4 when the file cannot be read or any line is invalid (the run still completes).
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create(EdgectlEnvironment environment)
    {
        var command = new Command("analyze", "Run the analytics offline over a JSON-lines file of observations.");
        var file = new Argument<string>("file") { Description = "Observations, one JSON object per line: {\"time\",\"patient\",\"device\",\"kind\",\"value\",\"flags\"?}." };
        var output = new Option<string>("--output", "-o") { Description = "Also write every output line (JSONL) to this file." };
        var noModel = new Option<bool>("--no-model") { Description = "Run without the ONNX model (rules and baselines only: degraded)." };
        var model = new Option<string>("--model") { Description = "The ONNX model file (default: the model shipped with edgectl)." };
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.Options.Add(noModel);
        command.Options.Add(model);
        EdgectlApp.Verb(command, environment, async (parse, context, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.BadInput, $"{path} does not exist", "give the path of a JSON-lines observation file", "no-file");
            }

            var options = new AnalyticsOptions();
            if (parse.GetValue(noModel))
            {
                options.ModelPath = null;
            }
            else if (parse.GetValue(model) is { } modelPath)
            {
                options.ModelPath = File.Exists(modelPath)
                    ? Path.GetFullPath(modelPath)
                    : throw new CliException(ExitCodes.BadInput, $"--model {modelPath} does not exist", "give the .onnx file, or leave --model out for the shipped model");
            }

            using var input = new StreamReader(path, Encoding.UTF8);
            await using var lines = parse.GetValue(output) is { } outPath ? new StreamWriter(outPath, append: false, Encoding.UTF8) : null;
            var sink = new LineSink(context.Json ? context.Out : null, lines);
            OfflineSummary summary;
            try
            {
                summary = await context.WithStatusAsync($"analysing {path}", () => OfflineAnalysis.RunAsync(input, sink, options, scorer: null, ct));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                throw new CliException(ExitCodes.BadInput, $"{path} cannot be read: {ex.Message}", "check the file is UTF-8 JSON lines");
            }

            await sink.FlushAsync(ct);
            var exitCode = summary.Errors > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
            if (context.Json)
            {
                return exitCode;
            }

            await context.LineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{summary.Readings} readings, {summary.Minutes} patient-minutes scored, {summary.Alerts} alerts, {summary.DataQualityEvents} data-quality events, {summary.Errors} bad lines"));
            await context.LineAsync(summary.Status.Degraded
                ? $"analytics degraded: {summary.Status.Reason}"
                : $"analytics full, model {summary.Status.ModelVersion}");
            if (sink.Alerts.Count > 0)
            {
                var table = new Table().Border(TableBorder.Simple).AddColumns("time", "patient", "code", "severity", "score");
                foreach (var a in sink.Alerts.Take(50))
                {
                    table.AddRow(Str(a, "time"), Markup.Escape(Str(a, "patient")), Markup.Escape(Str(a, "code")), Str(a, "severity"), Str(a, "score"));
                }

                context.Render(table);
                if (sink.Alerts.Count > 50)
                {
                    await context.LineAsync(string.Create(CultureInfo.InvariantCulture, $"... and {sink.Alerts.Count - 50} more (see --output or --json)"));
                }
            }

            foreach (var e in sink.Errors.Take(10))
            {
                await context.Error.WriteLineAsync($"edgectl analyze: {path} line {Str(e, "line")}: {Str(e, "error")}");
            }

            if (summary.Errors > 0)
            {
                await context.Error.WriteLineAsync("  fix: each line needs time (ISO 8601), patient, device, kind (e.g. spo2, heart_rate), value; see docs/edgectl.md");
            }

            return exitCode;
        });
        return command;
    }

    private static string Str(JsonElement e, string name) => Control.Json.Str(e, name);

    /// <summary>Receives the engine's lines: forwards them and keeps the alerts and errors for the summary.</summary>
    private sealed class LineSink(TextWriter? forward, TextWriter? file) : TextWriter
    {
        private readonly StringBuilder _partial = new();

        public List<JsonElement> Alerts { get; } = [];

        public List<JsonElement> Errors { get; } = [];

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            forward?.Write(value);
            file?.Write(value);
            if (value == '\n')
            {
                Line(_partial.ToString());
                _partial.Clear();
            }
            else if (value != '\r')
            {
                _partial.Append(value);
            }
        }

        public override async Task WriteLineAsync(string? value)
        {
            Line(value ?? string.Empty);
            if (forward is not null)
            {
                await forward.WriteLineAsync(value);
            }

            if (file is not null)
            {
                await file.WriteLineAsync(value);
            }
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (forward is not null)
            {
                await forward.FlushAsync(cancellationToken);
            }

            if (file is not null)
            {
                await file.FlushAsync(cancellationToken);
            }
        }

        private void Line(string line)
        {
            if (!line.Contains("\"type\":\"alert\"", StringComparison.Ordinal) && !line.Contains("\"type\":\"error\"", StringComparison.Ordinal))
            {
                return;
            }

            using var document = JsonDocument.Parse(line);
            var type = document.RootElement.GetProperty("type").GetString();
            (type == "alert" ? Alerts : Errors).Add(document.RootElement.Clone());
        }
    }
}
