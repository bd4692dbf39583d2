namespace Edge.Host.Configuration;

/// <summary>The pairing registry as configured (section <c>Edge:Patients</c> is a list; this wraps it for binding).</summary>
public sealed class PatientsOptions
{
    public IList<PatientOptions> Patients { get; } = [];
}
