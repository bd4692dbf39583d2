using System.Text;

namespace Edge.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The lines a child process wrote to stdout and stderr, in arrival order, plus waits for a line to appear.
/// Thread-safe: the process's reader tasks add lines while tests read and wait.
/// </summary>
public sealed class CapturedOutput
{
    private readonly Lock _gate = new();
    private readonly List<(bool IsError, string Text)> _lines = [];
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Match)> _waiters = [];
    private readonly string _owner;
    private bool _completed;

    /// <param name="owner">Names the process in exception messages, e.g. <c>mosquitto</c>.</param>
    public CapturedOutput(string owner) => _owner = owner;

    /// <summary>A snapshot of every line so far, stdout and stderr interleaved as they arrived.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return _lines.Select(l => l.Text).ToArray();
            }
        }
    }

    /// <summary>Records a line and completes the waits whose predicate it matches.</summary>
    public void Add(string text, bool isError)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<TaskCompletionSource<string>> matched = [];
        lock (_gate)
        {
            _lines.Add((isError, text));
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Predicate(text))
                {
                    matched.Add(_waiters[i].Match);
                    _waiters.RemoveAt(i);
                }
            }
        }

        // Outside the lock: continuations run asynchronously anyway, but nothing should run under it.
        matched.ForEach(m => m.TrySetResult(text));
    }

    /// <summary>Marks the end of output (both streams closed): pending and later waits fail instead of timing out.</summary>
    public void Complete()
    {
        List<TaskCompletionSource<string>> pending;
        lock (_gate)
        {
            _completed = true;
            pending = _waiters.Select(w => w.Match).ToList();
            _waiters.Clear();
        }

        pending.ForEach(p => p.TrySetException(EndedException()));
    }

    /// <summary>
    /// Returns the first line, already captured or still to come, that matches <paramref name="predicate"/>.
    /// </summary>
    /// <exception cref="TimeoutException">No match within <paramref name="timeout"/>; the message holds the output.</exception>
    /// <exception cref="InvalidOperationException">The process ended without printing a match.</exception>
    public async Task<string> WaitForAsync(Func<string, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var match = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var existing = _lines.FirstOrDefault(l => predicate(l.Text));
            if (existing.Text is not null)
            {
                return existing.Text;
            }

            if (_completed)
            {
                throw EndedException();
            }

            _waiters.Add((predicate, match));
        }

        try
        {
            // Real processes run on the wall clock: this timeout is the only place the fixtures wait on it.
            return await match.Task.WaitAsync(timeout, TimeProvider.System, cancellationToken);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Match == match);
            }

            throw new TimeoutException($"{_owner} printed no matching line within {timeout.TotalSeconds:0.#} s.\n{Dump()}");
        }
    }

    /// <summary>The last <paramref name="maxLines"/> lines for a failure message; stderr lines are marked <c>!</c>.</summary>
    public string Dump(int maxLines = 200)
    {
        lock (_gate)
        {
            var text = new StringBuilder().Append("--- output of ").Append(_owner).Append(" (").Append(_lines.Count).AppendLine(" lines) ---");
            foreach (var (isError, line) in _lines.Skip(Math.Max(0, _lines.Count - maxLines)))
            {
                text.Append(isError ? "! " : "  ").AppendLine(line);
            }

            return text.Append("--- end of ").Append(_owner).Append(" ---").ToString();
        }
    }

    private InvalidOperationException EndedException() =>
        new($"{_owner} ended without printing a matching line.\n{Dump()}");
}
