using System.Runtime.CompilerServices;

namespace Edge.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A fresh temporary directory for one test, deleted (with everything in it) on <see cref="Dispose"/>.
/// Set <c>EDGE_KEEP_TEST_DIRS=1</c> to keep it for a post-mortem; its path is in <see cref="Root"/>.
/// </summary>
/// <remarks>Not thread-safe to dispose while another thread still writes into it: stop processes first.</remarks>
public sealed class TestPaths : IDisposable
{
    private bool _disposed;

    /// <param name="name">A readable part of the folder name; defaults to the calling member (the test's name).</param>
    public TestPaths([CallerMemberName] string name = "test")
    {
        // The name only helps a human find the folder; keep it short and free of path characters.
        var safe = new string(name.Where(char.IsAsciiLetterOrDigit).Take(40).ToArray());
        Root = Directory.CreateTempSubdirectory($"edge-{safe}-").FullName;
    }

    /// <summary>Absolute path of the directory.</summary>
    public string Root { get; }

    /// <summary>A path under <see cref="Root"/>; nothing is created.</summary>
    public string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Creates (if needed) a directory under <see cref="Root"/> and returns its path.</summary>
    public string CreateDirectory(params string[] parts) => Directory.CreateDirectory(Combine(parts)).FullName;

    /// <summary>Writes a UTF-8 text file under <see cref="Root"/>, creating its folder, and returns its path.</summary>
    public string WriteFile(string relativePath, string contents)
    {
        var path = Combine(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, contents);
        return path;
    }

    /// <summary>Deletes the directory. A failure throws: it usually means a process the test started still runs.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Environment.GetEnvironmentVariable("EDGE_KEEP_TEST_DIRS") == "1" || !Directory.Exists(Root))
        {
            return;
        }

        Directory.Delete(Root, recursive: true);
    }
}
