using Edge.Core;
using Edge.Drivers.Ble;
using Edge.Drivers.Ble.Pairing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Drivers.Tests.Ble;

public sealed class BleRegistrationTests
{
    private static IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddLogging();
        builder.AddBleDrivers();
        return builder.Build();
    }

    [Fact]
    public void AddBleDrivers_Disabled_RegistersNoSourceAndNoPairingEngine()
    {
        using var host = Build();

        Assert.Empty(host.Services.GetServices<IObservationSource>());
        Assert.Null(host.Services.GetService<BlePairingEngine>());
        Assert.False(host.Services.GetRequiredService<IOptions<BleOptions>>().Value.Enabled);
    }

    [Fact]
    public void AddBleDrivers_Enabled_RegistersSourcePairingEngineAndTheDurabilityListener()
    {
        var state = Path.Combine(Path.GetTempPath(), "edge-ble-reg-" + Guid.NewGuid().ToString("N")[..8]);
        using var host = Build(("Edge:Ble:Enabled", "true"), ("Edge:Ble:BusAddress", "unix:path=/nonexistent"), ("Edge:Ble:StateDirectory", state));

        var source = Assert.Single(host.Services.GetServices<IObservationSource>());
        Assert.Equal("ble", source.Name);
        Assert.Same(host.Services.GetRequiredService<BlePairingEngine>(), host.Services.GetRequiredService<BlePairingEngine>());
        Assert.IsType<RacpAcknowledger>(host.Services.GetRequiredService<IStoredObservationListener>());
        Directory.Delete(state, recursive: true);
    }

    [Theory]
    [InlineData("Edge:Ble:BusAddress", "/var/run/dbus/system_bus_socket")]
    [InlineData("Edge:Ble:Adapter", "wlan0")]
    [InlineData("Edge:Ble:BackoffBaseMs", "0")]
    [InlineData("Edge:Ble:AgentCapability", "Whatever")]
    public void AddBleDrivers_BadValue_FailsValidationNamingTheKey(string key, string value)
    {
        using var host = Build((key, value));

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<BleOptions>>().Value);
        Assert.Contains(key.Split(':')[^1], ex.Message, StringComparison.Ordinal);
    }
}
