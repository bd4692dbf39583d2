namespace Edge.Analytics;

/// <summary>The NEWS2 inputs a <see cref="Edge.Core.Reading"/> can carry today, used as slot indexes in <see cref="PatientState"/>.</summary>
internal enum News2Input
{
    RespiratoryRate = 0,
    SpO2 = 1,
    SystolicBloodPressure = 2,
    Pulse = 3,
    Temperature = 4,
}
