using System.Globalization;
using System.Text;
using Edge.Sync.Outbox;

namespace Edge.Host.Ingest;

/// <summary>
/// Test hook behind <see cref="OutboxOptions.CommitJournalPath"/>: appends the message id of every item right after
/// its group commit returned, so a crash test knows exactly what was acknowledged as stored. Ids are opaque UUIDs.
/// </summary>
internal sealed class CommitJournal : IDisposable
{
    private readonly FileStream _file;
    private readonly StringBuilder _lines = new();

    public CommitJournal(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        // Unbuffered, so one Record is one write(2): a crash test tracing syscalls sees each acknowledgement whole.
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
    }

    public void Record(IReadOnlyList<OutboxItem> items)
    {
        _lines.Clear();
        foreach (var item in items)
        {
            _lines.Append(item.MessageId.ToString("D", CultureInfo.InvariantCulture)).Append('\n');
        }

        // To the OS page cache: survives kill -9 of this process, which is what the crash test does.
        _file.Write(Encoding.ASCII.GetBytes(_lines.ToString()));
    }

    public void Dispose() => _file.Dispose();
}
