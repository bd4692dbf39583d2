namespace Edge.Core;

/// <summary>One row of <see cref="VitalCatalog"/>: the wire key, LOINC code, UCUM unit and display text of a vital.</summary>
public sealed record VitalInfo(VitalKind Kind, string Key, string Loinc, string Ucum, string Display);
