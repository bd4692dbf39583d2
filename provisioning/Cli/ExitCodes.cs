namespace Edge.Provisioning.Cli;

/// <summary>
/// The exit codes of every edgectl verb (documented in docs/edgectl.md). Scripts rely on them: never renumber.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Success (for <c>check</c>: no check failed, and with <c>--strict</c> none warned).</summary>
    public const int Ok = 0;

    /// <summary><c>check</c>: at least one check failed (or warned, with <c>--strict</c>).</summary>
    public const int CheckFailed = 1;

    /// <summary>Usage error: unknown verb or option, a missing or malformed option value.</summary>
    public const int Usage = 2;

    /// <summary>The gateway's control socket cannot be reached (not running, wrong path, no permission).</summary>
    public const int GatewayUnreachable = 3;

    /// <summary>A file or capture given as input is unreadable or invalid (certificate, key, policy, hex bytes, JSONL).</summary>
    public const int BadInput = 4;

    /// <summary>The gateway answered with an error (for example 409 already paired, 404 unknown device).</summary>
    public const int GatewayError = 5;

    /// <summary>Refused to write: a target exists (pass <c>--force</c>) or cannot be created.</summary>
    public const int CannotWrite = 6;

    /// <summary>Interrupted (Ctrl+C), as a shell reports SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>The gateway configuration file is invalid (EX_CONFIG, the same code the gateway stops with).</summary>
    public const int ConfigInvalid = 78;
}
