namespace Edge.Sync.Outbox;

/// <summary>
/// A <see cref="FileStream"/> wrapper whose <see cref="Flush"/> reaches the disk (fsync), because LiteDB 5.0.21 only
/// flushes to the OS page cache: that survives kill -9 but not a power cut. LiteDB calls <see cref="Flush"/> when its
/// log writer drains and when a checkpoint completes, so every group commit that the outbox checkpoints is on disk
/// before the outbox reports it stored.
/// </summary>
/// <remarks>
/// Opened with <see cref="FileShare.None"/>: on Linux .NET takes an exclusive advisory lock, so a second process (for
/// example a field tool) cannot open the live store and corrupt it. Not thread-safe beyond what LiteDB already
/// serialises.
/// </remarks>
public sealed class DurableFileStream : Stream
{
    private readonly FileStream _inner;
    private long _fsyncs;

    /// <summary>Opens or creates <paramref name="path"/> for exclusive read/write.</summary>
    /// <exception cref="IOException">Another process holds the file.</exception>
    public DurableFileStream(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _inner = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 8192, FileOptions.RandomAccess);
    }

    /// <summary>How many times this stream has been fsync'd.</summary>
    public long FsyncCount => Interlocked.Read(ref _fsyncs);

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    /// <summary>Writes buffered bytes and fsyncs the file.</summary>
    public override void Flush()
    {
        _inner.Flush(flushToDisk: true);
        Interlocked.Increment(ref _fsyncs);
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void SetLength(long value) => _inner.SetLength(value);

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _inner.Write(buffer);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
