namespace Edge.Provisioning.Check;

/// <summary>The outcome of one check.</summary>
internal enum CheckStatus
{
    Pass,
    Warn,
    Fail,

    /// <summary>Not applicable (the feature is off) or impossible (the config did not load).</summary>
    Skip,
}

/// <summary>One line of <c>edgectl check</c>: what was checked, the outcome, what was seen, and the fix when not passing.</summary>
/// <param name="Name">Short id, e.g. <c>broker</c>.</param>
/// <param name="Status">Pass, warn, fail or skip.</param>
/// <param name="Message">What was found; names keys and files, never secrets or patient data.</param>
/// <param name="Fix">What to do; null on pass.</param>
internal sealed record CheckResult(string Name, CheckStatus Status, string Message, string? Fix = null)
{
    public static CheckResult Pass(string name, string message) => new(name, CheckStatus.Pass, message);

    public static CheckResult Warn(string name, string message, string fix) => new(name, CheckStatus.Warn, message, fix);

    public static CheckResult Fail(string name, string message, string fix) => new(name, CheckStatus.Fail, message, fix);

    public static CheckResult Skip(string name, string message) => new(name, CheckStatus.Skip, message);
}
