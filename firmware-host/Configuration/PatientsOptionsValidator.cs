using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Edge.Host.Configuration;

/// <summary>
/// Validates the pairing registry: each item by its annotations, plus uniqueness of patient ids, device ids and
/// sources. Messages name the configuration key, never the value (a source may be a MAC address).
/// </summary>
public sealed class PatientsOptionsValidator : IValidateOptions<PatientsOptions>
{
    public ValidateOptionsResult Validate(string? name, PatientsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var patientIds = new HashSet<string>(StringComparer.Ordinal);
        var deviceIds = new HashSet<string>(StringComparer.Ordinal);
        var sources = new HashSet<string>(StringComparer.Ordinal);
        for (var p = 0; p < options.Patients.Count; p++)
        {
            var patient = options.Patients[p];
            var key = $"Edge:Patients:{p}";
            Check(patient, key, failures);
            if (!patientIds.Add(patient.Id))
            {
                failures.Add($"{key}:Id repeats an earlier patient id.");
            }

            for (var d = 0; d < patient.Devices.Count; d++)
            {
                var device = patient.Devices[d];
                var deviceKey = $"{key}:Devices:{d}";
                Check(device, deviceKey, failures);
                if (!deviceIds.Add(device.DeviceId))
                {
                    failures.Add($"{deviceKey}:DeviceId repeats an earlier device id.");
                }

                if (!sources.Add(device.Source))
                {
                    failures.Add($"{deviceKey}:Source is bound twice.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(object item, string key, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(item, new ValidationContext(item), results, validateAllProperties: true))
        {
            foreach (var result in results)
            {
                foreach (var member in result.MemberNames.DefaultIfEmpty("?"))
                {
                    failures.Add($"{key}:{member} is invalid: {result.ErrorMessage}");
                }
            }
        }
    }
}
