namespace Edge.Provisioning.Cli;

/// <summary>
/// An expected failure of a verb: bad input, an unreachable gateway, a refused write. Carries the exit code and the
/// fix to print. Messages name options, keys and files, never patient data or device addresses.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message, string fix, string code = "error")
        : base(message)
    {
        ExitCode = exitCode;
        Fix = fix;
        Code = code;
    }

    public CliException()
        : this(ExitCodes.Usage, "usage error", "run edgectl --help")
    {
    }

    public CliException(string message)
        : this(ExitCodes.Usage, message, "run edgectl --help")
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.Usage;
        Fix = "run edgectl --help";
        Code = "error";
    }

    /// <summary>The process exit code (<see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; }

    /// <summary>What the user should do about it.</summary>
    public string Fix { get; }

    /// <summary>A short machine-readable code for <c>--json</c>.</summary>
    public string Code { get; }
}
