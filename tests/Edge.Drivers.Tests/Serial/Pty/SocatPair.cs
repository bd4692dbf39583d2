using System.Diagnostics;

namespace Edge.Drivers.Tests.Serial.Pty;

/// <summary>
/// A real kernel pty pair made by socat (reference/serial.md §6.1): the driver opens <see cref="DriverPath"/>, the
/// device twin opens <see cref="DevicePath"/>. <see cref="UnplugAsync"/> ends socat by its PID with SIGTERM, so it
/// hangs up both ptys and removes its links, as an unplug hangs up the tty and udev removes the by-id link;
/// <see cref="PlugAsync"/> starts a new socat with the same link names.
/// </summary>
internal sealed class SocatPair : IDisposable
{
    private Process? _socat;

    public SocatPair()
    {
        Directory = Path.Combine(Path.GetTempPath(), "edge-pty-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>What the driver is configured with (stands in for /dev/serial/by-id/...).</summary>
    public string DriverPath => Path.Combine(Directory, "drv");

    /// <summary>The device twin's end.</summary>
    public string DevicePath => Path.Combine(Directory, "dev");

    public bool IsPlugged => _socat is { HasExited: false };

    /// <summary>Starts socat and waits until both links resolve.</summary>
    public async Task PlugAsync()
    {
        if (IsPlugged)
        {
            throw new InvalidOperationException("Already plugged.");
        }

        var start = new ProcessStartInfo("socat") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add($"pty,raw,echo=0,link={DriverPath}");
        start.ArgumentList.Add($"pty,raw,echo=0,link={DevicePath}");
        _socat = Process.Start(start) ?? throw new InvalidOperationException("socat did not start.");
        _socat.ErrorDataReceived += (_, _) => { };
        _socat.BeginErrorReadLine();
        var watch = Stopwatch.StartNew();
        while (!(File.Exists(DriverPath) && File.Exists(DevicePath)))
        {
            if (_socat.HasExited || watch.Elapsed > TimeSpan.FromSeconds(5))
            {
                throw new InvalidOperationException("socat links did not appear within 5 s.");
            }

            await Task.Delay(2);
        }
    }

    /// <summary>SIGTERM to socat by PID; waits for it to exit and its links to go.</summary>
    public async Task UnplugAsync()
    {
        var socat = _socat;
        _socat = null;
        if (socat is null)
        {
            return;
        }

        if (!socat.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", socat.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                await socat.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                socat.Kill();
                await socat.WaitForExitAsync();
            }
        }

        socat.Dispose();

        // socat removes its links on SIGTERM; make sure, as udev would.
        File.Delete(DriverPath);
        File.Delete(DevicePath);
    }

    public void Dispose()
    {
        if (_socat is { } socat)
        {
            try
            {
                if (!socat.HasExited)
                {
                    socat.Kill();
                    socat.WaitForExit(3000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            socat.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
