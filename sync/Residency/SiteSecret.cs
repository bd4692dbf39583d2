using System.Security.Cryptography;

namespace Edge.Sync.Residency;

/// <summary>
/// The per-site pseudonymisation key: 32 random bytes in a file of mode 0600 that never leaves the appliance (not in
/// diagnostics bundles, logs, or any payload). Created on first start when absent.
/// </summary>
public static class SiteSecret
{
    /// <summary>Size of a new secret in bytes.</summary>
    public const int Length = 32;

    /// <summary>Reads the secret, creating it (mode 0600) when the file does not exist.</summary>
    /// <exception cref="InvalidOperationException">The file exists but is too short or readable by others.</exception>
    public static byte[] LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var fresh = RandomNumberGenerator.GetBytes(Length);
            var temp = path + ".tmp";
            var open = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                open.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new FileStream(temp, open))
            {
                file.Write(fresh);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path);
            return fresh;
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"{path}: the site secret must be readable by its owner only (chmod 600 {path}).");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Length)
        {
            throw new InvalidOperationException($"{path}: the site secret must hold at least {Length} bytes; this file has {bytes.Length}. Restore it from the appliance backup, or remove it to start new pseudonyms (old and new will not match).");
        }

        return bytes;
    }
}
