using System.Globalization;
using System.Text.Json;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// Looks for PHI in compact-JSON (CLEF) log files: patient ids and labels, device hardware addresses (MACs, serial
/// by-id paths), and vital values, found either as literal text or as a property whose name says it holds one.
/// </summary>
internal static class LogScanner
{
    private static readonly string[] ForbiddenText =
    [
        "pt-demo-", "pt-e2e-", "Demo patient", "Synthetic ", "02:ED:6E", "Simulated_Masimo", "SN=", "/dev/serial",
    ];

    private static readonly string[] VitalPropertyNames =
    [
        "value", "spo2", "heart", "pulse", "bpm", "temperature", "patient", "mac", "address", "serial", "source", "label",
    ];

    public static IReadOnlyList<string> Scan(IEnumerable<string> files, IEnumerable<ReceivedItem> sent)
    {
        var findings = new List<string>();
        var sentPatients = sent.Select(i => i.Patient).ToHashSet(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                var where = $"{Path.GetFileName(file)}:{lineNumber}";
                foreach (var text in ForbiddenText.Concat(sentPatients))
                {
                    if (line.Contains(text, StringComparison.OrdinalIgnoreCase))
                    {
                        findings.Add($"{where}: contains '{text}'");
                    }
                }

                using var doc = JsonDocument.Parse(line);
                foreach (var property in doc.RootElement.EnumerateObject())
                {
                    if (property.Name.StartsWith('@') || property.Name is "EventId" or "SourceContext")
                    {
                        continue;
                    }

                    if (VitalPropertyNames.Any(n => property.Name.Contains(n, StringComparison.OrdinalIgnoreCase)))
                    {
                        findings.Add($"{where}: property '{property.Name}' looks like PHI");
                    }

                    if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var number) && number % 1 != 0)
                    {
                        findings.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: fractional number in '{property.Name}' looks like a measurement"));
                    }
                }
            }
        }

        return findings;
    }
}
