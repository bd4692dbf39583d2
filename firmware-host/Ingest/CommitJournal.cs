using System.Globalization;
using Edge.Sync.Outbox;

namespace Edge.Host.Ingest;

/// <summary>
/// Test hook behind <see cref="OutboxOptions.CommitJournalPath"/>: appends the message id of every item right after
/// its group commit returned, so a crash test knows exactly what was acknowledged as stored. Ids are opaque UUIDs.
/// </summary>
internal sealed class CommitJournal : IDisposable
{
    private readonly StreamWriter _writer;

    public CommitJournal(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = false };
    }

    public void Record(IReadOnlyList<OutboxItem> items)
    {
        foreach (var item in items)
        {
            _writer.WriteLine(item.MessageId.ToString("D", CultureInfo.InvariantCulture));
        }

        // To the OS page cache: survives kill -9 of this process, which is what the crash test does.
        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();
}
