using System.CommandLine;
using System.Globalization;
using System.Text;
using Edge.Core;
using Edge.Drivers;
using Edge.Drivers.Ble;
using Edge.Drivers.Serial;
using Edge.Drivers.Serial.Contec;
using Edge.Drivers.Serial.Masimo;
using Edge.Drivers.Serial.Nonin;
using Edge.Provisioning.Cli;
using Spectre.Console;

namespace Edge.Provisioning.Decode;

/// <summary>
/// <c>edgectl decode ble|serial</c>: runs the gateway's real parsers (drivers/ble/Profiles, drivers/serial) on a
/// capture and prints the observations with their quality flags, or the parser's precise error (exit 4).
/// </summary>
internal static class DecodeCommand
{
    /// <summary>The source stamped on decoded observations; never printed.</summary>
    private const string CaptureSource = "capture";

    private static readonly DateTimeOffset CaptureTime = DateTimeOffset.UnixEpoch;

    public static Command Create(EdgectlEnvironment environment)
    {
        var command = new Command("decode", "Run the real device parsers on a capture (a field tech's bytes from a bad device).");
        command.Subcommands.Add(Ble(environment));
        command.Subcommands.Add(Serial(environment));
        return command;
    }

    private static Command Ble(EdgectlEnvironment environment)
    {
        var command = new Command("ble", "Decode GATT notification/indication values (one --hex per packet).");
        var characteristic = new Option<string>("--characteristic", "-c")
        {
            Description = "16-bit characteristic UUID: 2A37 heart rate, 2A35 blood pressure, 2A36 cuff pressure, 2A1C temperature, 2A9D weight, 2A5E/2A5F PLX spot/continuous, 2A18 glucose, 2A34 glucose context, 2A52 RACP.",
            Required = true,
        };
        var hex = new Option<string[]>("--hex") { Description = "Packet bytes as hex; repeat for several packets.", Required = true, AllowMultipleArgumentsPerToken = false };
        command.Options.Add(characteristic);
        command.Options.Add(hex);
        EdgectlApp.Verb(command, environment, async (parse, context, _) =>
        {
            var uuid = ParseUuid(parse.GetRequiredValue(characteristic));
            var packets = parse.GetRequiredValue(hex).Select((h, i) => HexInput.Parse(h, $"--hex #{i + 1}")).ToList();
            var results = new List<PacketResult>();
            for (var i = 0; i < packets.Count; i++)
            {
                results.Add(DecodeBle(uuid, packets[i], i + 1));
            }

            return await ReportAsync(context, $"BLE 0x{uuid:X4}", results);
        });
        return command;
    }

    private static Command Serial(EdgectlEnvironment environment)
    {
        var command = new Command("serial", "Decode a serial capture with the port decoder of one protocol.");
        var protocol = new Option<string>("--protocol", "-p")
        {
            Description = "masimo, nonin (DF8 display values; or nonin-df2, nonin-df7, nonin-df8, nonin-df13), contec (V7; or contec-legacy, contec-v7).",
            Required = true,
        };
        var hex = new Option<string>("--hex") { Description = "The capture as hex bytes." };
        var text = new Option<string>("--text") { Description = "The capture as text (Masimo lines; \\n, \\r and \\xNN escapes allowed)." };
        var file = new Option<string>("--file") { Description = "A raw capture file (bytes as read from the port)." };
        command.Options.Add(protocol);
        command.Options.Add(hex);
        command.Options.Add(text);
        command.Options.Add(file);
        EdgectlApp.Verb(command, environment, async (parse, context, ct) =>
        {
            var chosen = new[] { parse.GetValue(hex), parse.GetValue(text), parse.GetValue(file) }.Count(v => v is not null);
            if (chosen != 1)
            {
                throw new CliException(ExitCodes.Usage, "give the capture exactly once: --hex, --text or --file", "for example: edgectl decode serial --protocol masimo --text \"...\"");
            }

            var which = ParseProtocol(parse.GetRequiredValue(protocol));
            byte[] bytes;
            if (parse.GetValue(hex) is { } h)
            {
                bytes = HexInput.Parse(h, "--hex");
            }
            else if (parse.GetValue(text) is { } t)
            {
                bytes = Unescape(t);
            }
            else
            {
                var path = parse.GetValue(file)!;
                bytes = File.Exists(path)
                    ? await File.ReadAllBytesAsync(path, ct)
                    : throw new CliException(ExitCodes.BadInput, $"--file {path} does not exist", "check the path of the capture");
            }

            var results = which == SerialProtocol.Masimo ? DecodeMasimo(bytes) : [DecodeStream(which, bytes)];
            return await ReportAsync(context, which.ToString(), results);
        });
        return command;
    }

    private static ushort ParseUuid(string text)
    {
        var t = text.Trim();
        t = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? t[2..] : t;
        // A full 128-bit Bluetooth base UUID: 00002a37-0000-1000-8000-00805f9b34fb.
        if (t.Length == 36 && t.EndsWith("-0000-1000-8000-00805f9b34fb", StringComparison.OrdinalIgnoreCase) && t.StartsWith("0000", StringComparison.Ordinal))
        {
            t = t[4..8];
        }

        if (t.Length != 4 || !ushort.TryParse(t, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var uuid))
        {
            throw new CliException(ExitCodes.Usage, $"--characteristic {text} is not a 16-bit UUID", "give it as 4 hex digits, e.g. 2A37");
        }

        return uuid;
    }

    private static SerialProtocol ParseProtocol(string text) => text.ToLowerInvariant().Replace("_", "-", StringComparison.Ordinal) switch
    {
        "masimo" => SerialProtocol.Masimo,
        "nonin" or "nonin-df8" or "noninDf8" => SerialProtocol.NoninDf8,
        "nonin-df2" => SerialProtocol.NoninDf2,
        "nonin-df7" => SerialProtocol.NoninDf7,
        "nonin-df13" => SerialProtocol.NoninDf13,
        "contec" or "contec-v7" => SerialProtocol.ContecV7,
        "contec-legacy" => SerialProtocol.ContecLegacy,
        _ => Enum.TryParse<SerialProtocol>(text, ignoreCase: true, out var p) && Enum.IsDefined(p)
            ? p
            : throw new CliException(ExitCodes.Usage, $"--protocol {text} is not a serial protocol", "use masimo, nonin, nonin-df2, nonin-df7, nonin-df8, nonin-df13, contec, contec-legacy or contec-v7"),
    };

    private static PacketResult DecodeBle(ushort uuid, byte[] packet, int number)
    {
        return uuid switch
        {
            HeartRateMeasurementParser.CharacteristicUuid => From(HeartRateMeasurementParser.Parse(packet), m => HeartRateMeasurementParser.ToObservations(m, CaptureSource, CaptureTime)),
            BloodPressureMeasurementParser.CharacteristicUuid => From(BloodPressureMeasurementParser.Parse(packet), m => BloodPressureMeasurementParser.ToObservations(m, CaptureSource, CaptureTime)),
            BloodPressureMeasurementParser.IntermediateCuffPressureUuid => From(BloodPressureMeasurementParser.ParseIntermediateCuffPressure(packet), _ => []),
            TemperatureMeasurementParser.CharacteristicUuid => From(TemperatureMeasurementParser.Parse(packet), m => TemperatureMeasurementParser.ToObservations(m, CaptureSource, CaptureTime)),
            WeightMeasurementParser.CharacteristicUuid => From(WeightMeasurementParser.Parse(packet), m => WeightMeasurementParser.ToObservations(m, CaptureSource, CaptureTime)),
            PlxMeasurementParser.SpotCheckUuid => From(PlxMeasurementParser.ParseSpotCheck(packet), m => PlxMeasurementParser.ToObservations(m, CaptureSource, CaptureTime)),
            PlxMeasurementParser.ContinuousUuid => From(PlxMeasurementParser.ParseContinuous(packet), m => PlxMeasurementParser.ToObservations(m, CaptureSource, CaptureTime)),
            GlucoseMeasurementParser.CharacteristicUuid => From(GlucoseMeasurementParser.Parse(packet), m => GlucoseMeasurementParser.ToObservations(m, CaptureSource, CaptureTime)),
            GlucoseMeasurementParser.ContextUuid => From(GlucoseMeasurementParser.ParseContext(packet), _ => []),
            Racp.CharacteristicUuid => From(Racp.ParseResponse(packet), _ => []),
            _ => throw new CliException(
                ExitCodes.Usage,
                $"--characteristic {uuid:X4} has no parser",
                "use one of 2A37, 2A35, 2A36, 2A1C, 2A9D, 2A5E, 2A5F, 2A18, 2A34, 2A52"),
        };

        PacketResult From<T>(ParseResult<T> result, Func<T, IReadOnlyList<Observation>> map) =>
            result.TryGetValue(out var value)
                ? new PacketResult(number, value!.ToString(), null, map(value).Select(DecodedObservation.From).ToList())
                : new PacketResult(number, null, result.Error, []);
    }

    // Masimo is line-based: each line goes through the same detection and parsers as MasimoDecoder, so the exact
    // reason a line is dropped can be shown per line.
    private static List<PacketResult> DecodeMasimo(byte[] bytes)
    {
        var results = new List<PacketResult>();
        var lines = Encoding.ASCII.GetString(bytes).Split('\n');
        var number = 0;
        var offset = 0;
        foreach (var raw in lines)
        {
            var lineBytes = bytes.AsSpan(offset, Math.Min(raw.Length, bytes.Length - offset)).ToArray();
            offset += raw.Length + 1;
            if (raw.Trim('\r').Length == 0)
            {
                continue;
            }

            number++;
            if (MasimoLineParser.DetectFormat(lineBytes) == MasimoLineFormat.Trend)
            {
                var trend = MasimoTrendLineParser.Parse(lineBytes);
                if (trend.TryGetValue(out var record))
                {
                    var flags = MasimoLineParser.ToQualityIssues(record.Exceptions ?? MasimoExceptions.None, MasimoAlarms.None) | QualityIssues.Stale;
                    var observations = new List<Observation>();
                    Add(observations, VitalKind.SpO2, record.SpO2, record.DeviceTime, flags);
                    Add(observations, VitalKind.PulseRate, record.PulseRate, record.DeviceTime, flags);
                    Add(observations, VitalKind.PerfusionIndex, record.PerfusionIndex, record.DeviceTime, flags);
                    results.Add(new PacketResult(number, record.ToString(), null, observations.Select(DecodedObservation.From).ToList()));
                }
                else
                {
                    results.Add(new PacketResult(number, null, "trend line: " + trend.Error, []));
                }

                continue;
            }

            var live = MasimoLineParser.Parse(lineBytes);
            results.Add(live.TryGetValue(out var reading)
                ? new PacketResult(number, reading.ToString(), null, MasimoLineParser.ToObservations(reading, CaptureSource, CaptureTime).Select(DecodedObservation.From).ToList())
                : new PacketResult(number, null, live.Error, []));
        }

        if (results.Count == 0)
        {
            results.Add(new PacketResult(1, null, "no line in the capture (Masimo sends one line per second, ending in CR LF)", []));
        }

        return results;

        static void Add(List<Observation> into, VitalKind kind, double? value, DateTimeOffset? deviceTime, QualityIssues flags)
        {
            if (value is { } v)
            {
                into.Add(new Observation(CaptureSource, kind, v, deviceTime, CaptureTime, flags));
            }
        }
    }

    // Binary protocols go through the port decoder itself (framer, checksum, frame gate), fed in one chunk with no
    // coalescing interval so that every reading the capture holds is shown.
    private static PacketResult DecodeStream(SerialProtocol protocol, byte[] bytes)
    {
        SerialDecoder decoder = protocol switch
        {
            SerialProtocol.NoninDf2 => new NoninStreamDecoder(CaptureSource, dataFormat7: false, TimeSpan.Zero),
            SerialProtocol.NoninDf7 => new NoninStreamDecoder(CaptureSource, dataFormat7: true, TimeSpan.Zero),
            SerialProtocol.NoninDf8 => new NoninDf8Decoder(CaptureSource),
            SerialProtocol.NoninDf13 => new NoninDf13Decoder(CaptureSource),
            SerialProtocol.ContecLegacy => new ContecLegacyDecoder(CaptureSource, TimeSpan.Zero),
            _ => new ContecV7Decoder(CaptureSource, TimeSpan.Zero),
        };
        var observations = new List<Observation>();
        decoder.Decode(bytes, CaptureTime, observations);
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{bytes.Length} bytes: {decoder.FramesAccepted} frames accepted, {decoder.FramesRejected} rejected, {decoder.BytesDiscarded} bytes discarded");
        if (observations.Count > 0)
        {
            return new PacketResult(1, summary, null, observations.Select(DecodedObservation.From).ToList());
        }

        var why = decoder.FramesRejected > 0
            ? "frames were found but failed their content checks (checksum, range or reserved bits)"
            : decoder.BytesDiscarded > 0
                ? "no frame start was found: wrong protocol or data format, or a wrong baud rate"
                : "the frames found were withheld: a protocol without a checksum needs an unbroken run before a reading counts (Nonin DF8, Contec: 3 frames plus 2 confirming; Contec legacy: 8 plus 2)";
        return new PacketResult(1, null, $"no reading decoded ({summary}): {why}", []);
    }

    private static byte[] Unescape(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                var next = text[i + 1];
                switch (next)
                {
                    case 'n': bytes.Add((byte)'\n'); i++; continue;
                    case 'r': bytes.Add((byte)'\r'); i++; continue;
                    case 't': bytes.Add((byte)'\t'); i++; continue;
                    case '\\': bytes.Add((byte)'\\'); i++; continue;
                    case 'x' when i + 3 < text.Length && byte.TryParse(text.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b):
                        bytes.Add(b);
                        i += 3;
                        continue;
                }
            }

            if (c > 0x7F)
            {
                throw new CliException(
                    ExitCodes.BadInput,
                    string.Create(CultureInfo.InvariantCulture, $"--text: character at position {i + 1} is not ASCII"),
                    "serial captures are bytes: give non-ASCII bytes as \\xNN or use --hex");
            }

            bytes.Add((byte)c);
        }

        return [.. bytes];
    }

    private static async Task<int> ReportAsync(CommandContext context, string what, List<PacketResult> results)
    {
        var failed = results.Where(r => r.Error is not null).ToList();
        var exitCode = failed.Count > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        if (context.Json)
        {
            await context.WriteJsonAsync(new { ok = failed.Count == 0, exitCode, decoder = what, packets = results });
            return exitCode;
        }

        foreach (var r in results)
        {
            if (r.Error is not null)
            {
                await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"edgectl decode: {what} #{r.Number}: {r.Error}"));
                continue;
            }

            await context.LineAsync(string.Create(CultureInfo.InvariantCulture, $"#{r.Number} {r.Parsed}"));
            if (r.Observations.Count == 0)
            {
                await context.LineAsync("  (no observations: this characteristic carries no vital)");
                continue;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("kind", "value", "unit", "LOINC", "device time", "flags");
            foreach (var o in r.Observations)
            {
                table.AddRow(
                    o.Kind,
                    o.Value.ToString("0.###", CultureInfo.InvariantCulture),
                    Markup.Escape(o.Unit),
                    o.Loinc,
                    o.DeviceTime?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-",
                    o.Flags);
            }

            context.Render(table);
        }

        if (failed.Count > 0)
        {
            await context.Error.WriteLineAsync("  fix: check the capture (whole packets, right characteristic or protocol); the reasons above name the byte or field");
        }

        return exitCode;
    }

    private sealed record PacketResult(int Number, string? Parsed, string? Error, IReadOnlyList<DecodedObservation> Observations);
}
