namespace Edge.Drivers.Tests.Serial.Pty;

/// <summary>The pty tests (serial and any other) run one after another: they measure timing on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PtySerialGroup
{
    public const string Name = "pty";
}
