using Edge.Core;

namespace Edge.Sync.Wire;

/// <summary>
/// What FHIR adds to <see cref="VitalCatalog"/> for each kind: the Observation category and, where the FHIR
/// vital-signs profile names a more general LOINC code than the device-specific one, that code as an extra coding
/// (SpO2 59408-5 also carries 2708-6; pulse rate 8889-8 also carries heart rate 8867-4). Thread-safe (immutable).
/// </summary>
internal static class FhirVitalCodings
{
    private const string VitalSigns = "vital-signs";

    private static readonly Row[] Table = Build();

    public static Row Get(VitalKind kind) => Table[(int)kind];

    private static Row[] Build()
    {
        var rows = new Row[VitalCatalog.Count];
        foreach (var info in VitalCatalog.All)
        {
            rows[(int)info.Kind] = info.Kind switch
            {
                VitalKind.SpO2 => new(VitalSigns, "Vital Signs", "2708-6", "Oxygen saturation in Arterial blood"),
                VitalKind.PulseRate => new(VitalSigns, "Vital Signs", "8867-4", "Heart rate"),

                // Capillary glucose is a point-of-care laboratory value, not a vital sign.
                VitalKind.Glucose => new("laboratory", "Laboratory", null, null),
                VitalKind.EnergyExpended => new("activity", "Activity", null, null),

                // RR intervals come from an ECG: an electrodiagnostic procedure result.
                VitalKind.RrInterval => new("procedure", "Procedure", null, null),
                _ => new(VitalSigns, "Vital Signs", null, null),
            };
        }

        return rows;
    }

    /// <summary>One kind's FHIR additions.</summary>
    /// <param name="Category">Code in <c>http://terminology.hl7.org/CodeSystem/observation-category</c>.</param>
    /// <param name="CategoryDisplay">Its display.</param>
    /// <param name="ExtraLoinc">A LOINC code written before the catalogue code, or null.</param>
    /// <param name="ExtraDisplay">Its display.</param>
    internal sealed record Row(string Category, string CategoryDisplay, string? ExtraLoinc, string? ExtraDisplay);
}
