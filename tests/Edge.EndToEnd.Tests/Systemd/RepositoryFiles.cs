namespace Edge.EndToEnd.Tests.Systemd;

/// <summary>Files of the repository (deploy/, tests/bluez-double/), found by walking up from the test binaries.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Edge.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("Edge.sln was not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootPath.Value;

    /// <summary>An existing file under the repository root.</summary>
    /// <exception cref="FileNotFoundException">It does not exist.</exception>
    public static string Get(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        return File.Exists(path) ? path : throw new FileNotFoundException("Missing repository file " + path, path);
    }
}
