namespace Edge.EndToEnd.Tests.Infrastructure;

/// <summary>Finds the Debian tools the fixtures start. A missing tool is an error that says how to install it.</summary>
public static class ExternalTool
{
    // Daemons live in sbin, which a non-root PATH usually lacks.
    private static readonly string[] ExtraDirectories = ["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    /// <summary>The absolute path of <paramref name="name"/>.</summary>
    /// <param name="name">The executable, e.g. <c>mosquitto</c>.</param>
    /// <param name="debianPackage">The package that provides it, named in the error.</param>
    /// <exception cref="InvalidOperationException">The tool is not installed.</exception>
    public static string Find(string name, string debianPackage)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(ExtraDirectories)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
        return path ?? throw new InvalidOperationException(
            $"'{name}' is not installed (Debian package '{debianPackage}'). Run scripts/install-deps.sh as root first; " +
            "the end-to-end tests start real tools and are not skipped without them.");
    }
}
