namespace Edge.Sync.Outbox;

/// <summary>A segment file exists but cannot be read. The message names the file only.</summary>
public sealed class CorruptSegmentException : Exception
{
    public CorruptSegmentException()
    {
    }

    public CorruptSegmentException(string message)
        : base(message)
    {
    }

    public CorruptSegmentException(string fileName, Exception innerException)
        : base($"Outbox segment {fileName} cannot be read ({innerException?.GetType().Name}).", innerException)
    {
    }
}
