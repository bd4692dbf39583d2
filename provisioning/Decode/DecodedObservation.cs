using Edge.Core;

namespace Edge.Provisioning.Decode;

/// <summary>An observation as decode prints it: the catalogue key, value and UCUM unit, device time and flags.</summary>
internal sealed record DecodedObservation(string Kind, double Value, string Unit, string Loinc, DateTimeOffset? DeviceTime, string Flags)
{
    public static DecodedObservation From(Observation o)
    {
        var info = VitalCatalog.Get(o.Kind);
        return new DecodedObservation(info.Key, o.Value, info.Ucum, info.Loinc, o.DeviceTime, o.Flags.ToString());
    }
}
