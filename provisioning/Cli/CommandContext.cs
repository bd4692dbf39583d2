using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Edge.Provisioning.Cli;

/// <summary>
/// One verb's run: the environment, whether <c>--json</c> was asked, and the writers. Human output goes through a
/// Spectre console bound to <see cref="EdgectlEnvironment.Out"/> (no colour or cursor tricks unless interactive), so
/// captured output in tests is plain text. Not thread-safe.
/// </summary>
internal sealed class CommandContext
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private IAnsiConsole? _console;

    public CommandContext(EdgectlEnvironment environment, bool json)
    {
        Environment = environment;
        Json = json;
    }

    public EdgectlEnvironment Environment { get; }

    /// <summary>True when the verb must print one JSON document on stdout and nothing else there.</summary>
    public bool Json { get; }

    public TextWriter Out => Environment.Out;

    public TextWriter Error => Environment.Error;

    public TimeProvider Time => Environment.Time;

    /// <summary>The Spectre console over <see cref="Out"/>.</summary>
    public IAnsiConsole Console => _console ??= CreateConsole();

    private IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            Ansi = Environment.Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Environment.Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Environment.Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!Environment.Interactive)
        {
            // A pipe or a log has no width: never wrap a line that a script or grep reads.
            console.Profile.Width = 1000;
        }

        return console;
    }

    public Task WriteJsonAsync<T>(T value) => Out.WriteLineAsync(JsonSerializer.Serialize(value, JsonOptions));

    public void Render(IRenderable renderable) => Console.Write(renderable);

    public Task LineAsync(string text) => Out.WriteLineAsync(text);

    /// <summary>A progress note: a spinner line on a terminal, a line on stderr otherwise; nothing with --json.</summary>
    public Task ProgressAsync(string text) => Json ? Task.CompletedTask : Error.WriteLineAsync("... " + text);

    /// <summary>Runs <paramref name="work"/> under a spinner on a terminal, or with one progress line otherwise.</summary>
    public async Task<T> WithStatusAsync<T>(string text, Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Environment.Interactive && !Json)
        {
            return await Console.Status().StartAsync(Markup.Escape(text), _ => work());
        }

        await ProgressAsync(text);
        return await work();
    }
}
