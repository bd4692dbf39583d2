using Edge.Core;
using Edge.Drivers.Board;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Drivers.Tests.Board;

/// <summary>AddBoard: the indicator is always there for the host to feed; hardware only when enabled.</summary>
public sealed class BoardConfigurationTests
{
    private static IHost Build(Dictionary<string, string?> config)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(config);
        builder.AddBoard();
        return builder.Build();
    }

    [Fact]
    public void AddBoard_Disabled_StillProvidesAHeadlessIndicatorAndNoHostedServiceOrSource()
    {
        using var host = Build([]);

        var indicator = host.Services.GetRequiredService<IStatusIndicator>();
        indicator.SetUplinkConnected(false);

        Assert.Equal(BoardState.UplinkDown, indicator.State);
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s is BoardService);
        Assert.Empty(host.Services.GetServices<IObservationSource>());
    }

    [Fact]
    public void AddBoard_Enabled_RunsTheBoardAndTheThermometerSource()
    {
        using var host = Build(new()
        {
            ["Edge:Board:Enabled"] = "true",
            ["Edge:Board:ThermometerEnabled"] = "true",
            ["Edge:Board:I2cAddress"] = "91",
        });

        Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is BoardService);
        var source = Assert.IsType<IrThermometerSource>(Assert.Single(host.Services.GetServices<IObservationSource>()));
        Assert.Equal("i2c-1-0x5B", source.Source);
    }

    [Fact]
    public void AddBoard_SamePinTwiceOrInvertedRange_FailsNamingTheKeys()
    {
        using var host = Build(new()
        {
            ["Edge:Board:Enabled"] = "true",
            ["Edge:Board:LedPin"] = "5",
            ["Edge:Board:ButtonPin"] = "5",
            ["Edge:Board:MinBodyCelsius"] = "39",
            ["Edge:Board:MaxBodyCelsius"] = "38.5",
        });

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<BoardOptions>>().Value);
        var text = string.Join("\n", ex.Failures);
        Assert.Contains("Edge:Board:LedPin", text, StringComparison.Ordinal);
        Assert.Contains("Edge:Board:MinBodyCelsius", text, StringComparison.Ordinal);
    }
}
