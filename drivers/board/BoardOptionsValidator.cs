using Microsoft.Extensions.Options;

namespace Edge.Drivers.Board;

/// <summary>Cross-field checks of <see cref="BoardOptions"/>; messages name the keys.</summary>
public sealed class BoardOptionsValidator : IValidateOptions<BoardOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, BoardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Enabled && options.LedPin == options.ButtonPin)
        {
            failures.Add($"{BoardOptions.SectionName}:LedPin and {BoardOptions.SectionName}:ButtonPin must be different lines.");
        }

        if (options.MinBodyCelsius >= options.MaxBodyCelsius)
        {
            failures.Add($"{BoardOptions.SectionName}:MinBodyCelsius must be below {BoardOptions.SectionName}:MaxBodyCelsius.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
