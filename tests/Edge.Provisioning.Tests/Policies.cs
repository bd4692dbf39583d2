namespace Edge.Provisioning.Tests;

/// <summary>Residency policies in the format of sync/Residency (docs/residency.md).</summary>
public static class Policies
{
    public const string AllowCare = """
        {
          "version": "test-1",
          "rules": [
            { "id": "care", "effect": "allow", "classes": ["vitals", "alarm", "device-event", "diagnostics"],
              "destinations": { "purposes": ["care"] } }
          ]
        }
        """;
}
