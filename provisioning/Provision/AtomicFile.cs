using System.Runtime.InteropServices;

namespace Edge.Provisioning.Provision;

/// <summary>
/// Writes a file so that a reader (the gateway starting, a power cut) sees the old content or the new, never a
/// torn one: a temporary file in the same folder created with the final mode (a secret is never readable by others,
/// not even for a moment), written, fsync'd, renamed over the target, then the folder fsync'd so the rename itself
/// is durable.
/// </summary>
internal static partial class AtomicFile
{
    /// <summary>Owner read/write: secrets (keys, passwords, the PIN hash).</summary>
    public const UnixFileMode Secret = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Owner read/write, group read: the residency policy and the config.</summary>
    public const UnixFileMode GroupReadable = Secret | UnixFileMode.GroupRead;

    /// <summary>Readable by all: public material (CA certificate, client certificate, CSR).</summary>
    public const UnixFileMode Public = GroupReadable | UnixFileMode.OtherRead;

    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> content, UnixFileMode mode, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = mode,
            };
            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(content, ct);
                stream.Flush(flushToDisk: true);
            }

            // The umask may have narrowed the mode at creation; set it exactly (never wider than asked).
            File.SetUnixFileMode(temp, mode);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        FsyncDirectory(directory);
    }

    /// <summary>Creates <paramref name="path"/> (and parents) with <paramref name="mode"/> if it does not exist.</summary>
    public static void EnsureDirectory(string path, UnixFileMode mode)
    {
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, mode);
        }
    }

    private static void FsyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY
        var fd = Open(directory, ReadOnlyDirectory);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
