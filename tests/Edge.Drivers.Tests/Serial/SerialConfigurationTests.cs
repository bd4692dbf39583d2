using System.IO.Ports;
using Edge.Core;
using Edge.Drivers.Serial;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Drivers.Tests.Serial;

/// <summary>Line settings against the documents, options validation by key, and the AddSerialDrivers wiring.</summary>
public sealed class SerialConfigurationTests
{
    [Theory]
    [InlineData(SerialProtocol.Masimo, 9600, Parity.None)] // Rad-8 manual §7: 9600 8N1, no handshake
    [InlineData(SerialProtocol.NoninDf2, 9600, Parity.None)] // 9560 spec: 9600 8N1, no flow control
    [InlineData(SerialProtocol.NoninDf13, 9600, Parity.None)]
    [InlineData(SerialProtocol.ContecLegacy, 19200, Parity.Odd)] // atbrask: 19200, PARITY_ODD
    [InlineData(SerialProtocol.ContecV7, 115200, Parity.None)] // V7.0 document: 115200 8N1; OSCAR: NoFlowControl
    public void LineSettings_MatchTheDocuments(SerialProtocol protocol, int baud, Parity parity)
    {
        var s = SerialLineSettings.For(protocol);

        Assert.Equal((baud, parity, 8, StopBits.One, Handshake.None), (s.BaudRate, s.Parity, s.DataBits, s.StopBits, s.Handshake));
    }

    [Fact]
    public void Validator_NamesEachBadPortKeyWithoutThePath()
    {
        var options = new SerialOptions
        {
            Ports =
            [
                new SerialPortOptions { Path = "relative/ttyUSB0", Protocol = SerialProtocol.Masimo },
                new SerialPortOptions { Path = "/dev/serial/by-id/usb-FTDI_SECRET123-if00-port0", SilenceTimeoutMs = 50 },
                new SerialPortOptions { Path = "/dev/serial/by-id/usb-FTDI_SECRET123-if00-port0", Protocol = SerialProtocol.NoninDf8, ReadStoredRecords = true },
            ],
            ReconnectBackoffMinMs = 5000,
            ReconnectBackoffMaxMs = 1000,
        };

        var result = new SerialOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var text = string.Join("\n", result.Failures!);
        Assert.Contains("Edge:Serial:Ports:0:Path", text, StringComparison.Ordinal);
        Assert.Contains("Edge:Serial:Ports:1:SilenceTimeoutMs", text, StringComparison.Ordinal);
        Assert.Contains("Edge:Serial:Ports:2:ReadStoredRecords", text, StringComparison.Ordinal);
        Assert.Contains("Edge:Serial:Ports:2:Path is the same device as Edge:Serial:Ports:1:Path", text, StringComparison.Ordinal);
        Assert.Contains("Edge:Serial:ReconnectBackoffMinMs", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET123", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSerialDrivers_Disabled_RegistersNoSource()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Edge:Serial:Enabled"] = "false" });

        builder.AddSerialDrivers();
        using var host = builder.Build();

        Assert.Empty(host.Services.GetServices<IObservationSource>());
        Assert.False(host.Services.GetRequiredService<IOptions<SerialOptions>>().Value.Enabled);
    }

    [Fact]
    public void AddSerialDrivers_Enabled_RegistersOneSerialSourceWithBoundPorts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Edge:Serial:Enabled"] = "true",
            ["Edge:Serial:Ports:0:Path"] = "/dev/serial/by-id/usb-FTDI-if00-port0",
            ["Edge:Serial:Ports:0:Protocol"] = "NoninDf7",
            ["Edge:Serial:Ports:1:Path"] = "/dev/serial/by-id/usb-Silicon_Labs-if00-port0",
            ["Edge:Serial:Ports:1:Protocol"] = "ContecV7",
            ["Edge:Serial:Ports:1:ReadStoredRecords"] = "true",
        });

        builder.AddSerialDrivers();
        using var host = builder.Build();

        var source = Assert.Single(host.Services.GetServices<IObservationSource>());
        Assert.Equal("serial", source.Name);
        Assert.Same(source, host.Services.GetRequiredService<SerialObservationSource>());
        var options = host.Services.GetRequiredService<IOptions<SerialOptions>>().Value;
        Assert.Equal([SerialProtocol.NoninDf7, SerialProtocol.ContecV7], options.Ports.Select(p => p.Protocol));
    }

    [Fact]
    public void AddSerialDrivers_BadValue_FailsValidationNamingTheKey()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Edge:Serial:Enabled"] = "true",
            ["Edge:Serial:QueueCapacity"] = "3",
            ["Edge:Serial:Ports:0:Path"] = "ttyUSB0",
        });

        builder.AddSerialDrivers();
        using var host = builder.Build();

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<SerialOptions>>().Value);
        var text = string.Join("\n", ex.Failures);
        Assert.Contains("QueueCapacity", text, StringComparison.Ordinal);
        Assert.Contains("Edge:Serial:Ports:0:Path", text, StringComparison.Ordinal);
    }
}
