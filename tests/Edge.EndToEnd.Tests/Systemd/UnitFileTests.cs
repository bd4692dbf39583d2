using System.Globalization;
using System.Text.RegularExpressions;
using Edge.EndToEnd.Tests.Infrastructure;

namespace Edge.EndToEnd.Tests.Systemd;

/// <summary>
/// deploy/systemd/edge-gateway.service checked by systemd itself: <c>systemd-analyze verify</c> and <c>security</c>
/// in a scratch root (so ExecStart's /opt/edge/Edge.Host can exist without touching this machine), plus the
/// sysusers and tmpfiles snippets applied to that root.
/// </summary>
public sealed partial class UnitFileTests : IDisposable
{
    private const string Unit = "edge-gateway.service";
    private readonly TestPaths _paths = new();
    private readonly string _root;

    public UnitFileTests()
    {
        // A root with the distribution's units (sysinit.target, network-online.target, ...), an executable stub at the
        // ExecStart path, and the unit under test as an administrator would install it.
        _root = _paths.CreateDirectory("root");
        CopyDirectory("/usr/lib/systemd/system", Path.Combine(_root, "usr/lib/systemd/system"));
        var stub = Path.Combine(_root, "opt/edge/Edge.Host");
        Directory.CreateDirectory(Path.GetDirectoryName(stub)!);
        File.WriteAllText(stub, "#!/bin/sh\n");
        File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Install(Unit, File.ReadAllText(RepositoryFiles.Get("deploy", "systemd", Unit)));
    }

    public void Dispose() => _paths.Dispose();

    [Fact]
    public async Task Verify_TheShippedUnit_PassesWithoutAWarning()
    {
        var result = await VerifyAsync(Unit);
        Assert.True(result.ExitCode == 0 && result.Output.Trim().Length == 0, $"systemd-analyze verify exit {result.ExitCode}:\n{result.Output}");
    }

    [Theory]
    [InlineData("Type=notify", "Type=notfy")]
    [InlineData("WatchdogSec=30s", "WatchdogSec=thirty")]
    [InlineData("NotifyAccess=main", "NotifyAccess=mian")]
    [InlineData("ProtectSystem=strict", "ProtectSystem=strickt")]
    [InlineData("RestrictAddressFamilies=AF_UNIX", "RestrictAddressFamilies=AF_UNIKS")]
    [InlineData("ExecStart=/opt/edge/Edge.Host", "ExecStart=/opt/edge/Edge.Hots")]
    [InlineData("[Service]", "[Servise]")]
    public async Task Verify_ABrokenCopy_IsReported(string good, string broken)
    {
        var text = File.ReadAllText(RepositoryFiles.Get("deploy", "systemd", Unit));
        Assert.Contains(good, text, StringComparison.Ordinal);
        Install("edge-broken.service", text.Replace(good, broken, StringComparison.Ordinal));

        var result = await VerifyAsync("edge-broken.service");
        Assert.True(result.ExitCode != 0 || result.Output.Trim().Length > 0, "systemd-analyze verify accepted a broken unit");
    }

    [Fact]
    public void Unit_HasTheSettingsTheGatewayReliesOn()
    {
        var settings = File.ReadAllLines(RepositoryFiles.Get("deploy", "systemd", Unit))
            .Where(l => l.Length > 0 && l[0] is not ('#' or '['))
            .Select(l => l.Split('=', 2))
            .ToLookup(p => p[0], p => p[1]);
        Assert.Equal("notify", Assert.Single(settings["Type"]));
        Assert.Equal("main", Assert.Single(settings["NotifyAccess"]));
        Assert.Equal("edge", Assert.Single(settings["User"]));
        Assert.Equal("/opt/edge/Edge.Host --config /etc/edge/edge.json", Assert.Single(settings["ExecStart"]));
        Assert.Equal("always", Assert.Single(settings["Restart"]));
        Assert.Equal(string.Empty, Assert.Single(settings["CapabilityBoundingSet"]));
        // The .NET JIT maps W+X pages: this setting would stop the runtime at start.
        Assert.Empty(settings["MemoryDenyWriteExecute"]);
        // Longer than the host's 30 s shutdown timeout, so a clean stop is never cut short.
        Assert.True(TimeSpan.FromSeconds(int.Parse(Assert.Single(settings["TimeoutStopSec"]).TrimEnd('s'), CultureInfo.InvariantCulture)) > TimeSpan.FromSeconds(30));
        Assert.Equal("78", Assert.Single(settings["RestartPreventExitStatus"]));
    }

    [Fact]
    public async Task Security_ExposureIsLow()
    {
        var result = await Tool.RunAsync("systemd-analyze", "systemd", ["security", "--offline=true", "--no-pager", $"--root={_root}", Unit]);
        var match = Exposure().Match(result.Output);
        Assert.True(match.Success, result.Output);
        var exposure = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        // systemd's scale: 0 (locked down) to 10 (unprotected); below 2.0 it says "OK".
        Assert.True(exposure <= 2.0, $"exposure {exposure}:\n{result.Output}");
    }

    [Fact]
    public async Task SysusersAndTmpfiles_CreateTheUserAndTheConfigFolders()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        var users = await Tool.RunAsync("systemd-sysusers", "systemd", [$"--root={_root}", RepositoryFiles.Get("deploy", "sysusers", "edge.conf")]);
        Assert.True(users.ExitCode == 0, users.Output);
        var edge = File.ReadAllLines(Path.Combine(_root, "etc/passwd")).Single(l => l.StartsWith("edge:", StringComparison.Ordinal)).Split(':');
        Assert.Equal("/usr/sbin/nologin", edge[6]);
        Assert.True(int.Parse(edge[2], CultureInfo.InvariantCulture) is > 0 and < 1000, "a system user");
        var groups = File.ReadAllLines(Path.Combine(_root, "etc/group")).Select(l => l.Split(':')[0]).ToList();
        Assert.Contains("gpio", groups);
        Assert.Contains("i2c", groups);

        var dirs = await Tool.RunAsync("systemd-tmpfiles", "systemd", [$"--root={_root}", "--create", RepositoryFiles.Get("deploy", "tmpfiles", "edge.conf")]);
        Assert.True(dirs.ExitCode == 0, dirs.Output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_root, "etc/edge/secrets")));
        var stat = await Tool.RunAsync("stat", "coreutils", ["-c", "%u", Path.Combine(_root, "etc/edge/secrets")]);
        Assert.Equal(edge[2], stat.Stdout.Trim());
    }

    private Task<Tool.Result> VerifyAsync(string unit) =>
        Tool.RunAsync("systemd-analyze", "systemd", ["verify", "--no-pager", $"--root={_root}", unit]);

    private void Install(string name, string text)
    {
        var path = Path.Combine(_root, "etc/systemd/system", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in new DirectoryInfo(from).EnumerateFiles())
        {
            // Symlinks (aliases such as dbus-org.*.service) are left out: verify needs the real units only.
            if (file.LinkTarget is null)
            {
                file.CopyTo(Path.Combine(to, file.Name));
            }
        }

        foreach (var dir in new DirectoryInfo(from).EnumerateDirectories().Where(d => d.LinkTarget is null))
        {
            CopyDirectory(dir.FullName, Path.Combine(to, dir.Name));
        }
    }

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d)")]
    private static partial Regex Exposure();
}
