using System.ComponentModel.DataAnnotations;

namespace Edge.Host.Configuration;

/// <summary>One patient and the devices bound to them (an item of <c>Edge:Patients</c>).</summary>
public sealed class PatientOptions
{
    /// <summary>Opaque patient id: it travels on the wire, so it must never be a name or a record number.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    public string Id { get; set; } = string.Empty;

    /// <summary>A label shown only on the appliance (console view, nurse page). Never logged, never sent.</summary>
    [StringLength(64)]
    public string Label { get; set; } = string.Empty;

    /// <summary>NEWS2 SpO2 scale: 1 (default) or 2, which a clinician sets for hypercapnic respiratory failure.</summary>
    /// <summary>
    /// The patient's jurisdiction for residency (ISO 3166 alpha-2, optional subdivision: <c>DE</c>, <c>AU-NSW</c>);
    /// empty means the site's (<c>Edge:Site:Jurisdiction</c>).
    /// </summary>
    [RegularExpression("^([A-Z]{2}(-[A-Z0-9]{1,3})?)?$")]
    public string Jurisdiction { get; set; } = string.Empty;

    [Range(1, 2)]
    public int SpO2Scale { get; set; } = 1;

    /// <summary>The devices bound to this patient.</summary>
    public IList<DeviceBindingOptions> Devices { get; } = [];
}
