using Edge.Core;

namespace Edge.Sync.Outbox;

/// <summary>The data classes the outbox stores, and the order in which they are shed when space runs out.</summary>
public static class OutboxClasses
{
    /// <summary>Every class, in enum order.</summary>
    public static IReadOnlyList<DataClass> All { get; } = Enum.GetValues<DataClass>();

    /// <summary>Number of classes; arrays indexed by class have this length.</summary>
    public static int Count { get; } = All.Count;

    /// <summary>Shedding order under disk pressure: diagnostics first, alarms last.</summary>
    public static IReadOnlyList<DataClass> SheddingOrder { get; } =
        [DataClass.Diagnostics, DataClass.Waveform, DataClass.DeviceEvent, DataClass.Vitals, DataClass.Alarm];

    /// <summary>The wire and metric name of a class.</summary>
    public static string Name(DataClass c) => c switch
    {
        DataClass.Alarm => "alarm",
        DataClass.Vitals => "vitals",
        DataClass.Waveform => "waveform",
        DataClass.DeviceEvent => "device-event",
        DataClass.Diagnostics => "diagnostics",
        _ => "unknown",
    };
}
