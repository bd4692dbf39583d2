namespace Edge.Drivers.Serial.Masimo;

/// <summary>
/// Turns the Masimo ASCII byte stream into complete lines. Bytes arrive in arbitrary chunks (one line can take
/// several serial reads, reference/serial.md §6.2 P6); lines end in LF, with CR before or after it stripped. NUL
/// bytes are dropped wherever they appear. Overlong garbage is dropped up to the next LF and counted.
/// </summary>
/// <remarks>
/// <para><b>Resync.</b> After construction and after <see cref="Resync"/>, the framer does not know where a line
/// starts, so the first line is a partial line unless it begins with the <c>MM/DD/YY HH:MM:SS</c> stamp; a partial
/// line is discarded and counted (the anchor is "LF plus the date", reference/serial.md §7.2). Lines after the first
/// LF are passed on as they are and left to the parser to judge.</para>
/// <para><b>Memory.</b> The framer owns one buffer of <see cref="MaxLineLength"/> bytes and allocates nothing per
/// byte or per line. A returned line is a view into that buffer, valid until the next call.</para>
/// <para><b>Threading.</b> Not thread-safe: one reader loop owns one framer and reads its counters (to publish them
/// as metrics, for example). The counters are plain fields, not synchronised.</para>
/// </remarks>
/// <example>
/// <code>
/// var input = bytesJustRead.AsSpan();
/// while (framer.TryReadLine(ref input, out var line)) { var result = MasimoLineParser.Parse(line); ... }
/// </code>
/// </example>
public sealed class MasimoLineFramer
{
    /// <summary>The default <see cref="MaxLineLength"/>: a Radical-7 color line is about 220 bytes.</summary>
    public const int DefaultMaxLineLength = 512;

    private readonly byte[] _buffer;
    private int _length;
    private bool _lineOut;
    private bool _discarding;
    private bool _synchronized;

    /// <summary>Creates a framer that starts unsynchronised (a port opened mid-stream).</summary>
    /// <param name="maxLineLength">Longest line kept, in bytes without the LF; 32 to 65536.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLineLength"/> is out of range.</exception>
    public MasimoLineFramer(int maxLineLength = DefaultMaxLineLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 32);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLineLength, 65536);
        _buffer = new byte[maxLineLength];
    }

    /// <summary>Longest line kept, in bytes (NUL bytes and the LF not counted, CR counted).</summary>
    public int MaxLineLength => _buffer.Length;

    /// <summary>Bytes of an unfinished line held now; never more than <see cref="MaxLineLength"/>.</summary>
    public int BufferedByteCount => _lineOut ? 0 : _length;

    /// <summary>Lines returned by <see cref="TryReadLine"/>.</summary>
    public long LinesFramed { get; private set; }

    /// <summary>Lines longer than <see cref="MaxLineLength"/>, dropped up to their LF.</summary>
    public long OverlongLinesDropped { get; private set; }

    /// <summary>First lines after a resync that did not start with the date stamp, discarded.</summary>
    public long PartialLinesDiscarded { get; private set; }

    /// <summary>NUL bytes removed from the stream.</summary>
    public long NulBytesStripped { get; private set; }

    /// <summary>
    /// Forgets any unfinished line and treats the next line as possibly partial. Call it after a gap the transport
    /// knows about: a reopened port, a read error, dropped bytes.
    /// </summary>
    public void Resync()
    {
        _length = 0;
        _lineOut = false;
        _discarding = false;
        _synchronized = false;
    }

    /// <summary>
    /// Consumes bytes from <paramref name="input"/> until one line is complete or the input is used up. Call it in a
    /// loop until it returns false; unfinished bytes are kept for the next call.
    /// </summary>
    /// <param name="input">Unconsumed bytes; advanced past what was consumed.</param>
    /// <param name="line">The line without NULs, CR or LF. Valid only until the next call on this framer.</param>
    /// <returns>True when <paramref name="line"/> holds a complete, non-empty line.</returns>
    public bool TryReadLine(ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> line)
    {
        if (_lineOut)
        {
            // The caller has had the previous line; its bytes may now be overwritten.
            _lineOut = false;
            _length = 0;
        }

        while (!input.IsEmpty)
        {
            var lf = input.IndexOf((byte)'\n');
            Append(lf < 0 ? input : input[..lf]);
            if (lf < 0)
            {
                input = default;
                break;
            }

            input = input[(lf + 1)..];
            var wasSynchronized = _synchronized;
            _synchronized = true;

            if (_discarding)
            {
                // The LF ends the overlong line; what follows starts a fresh line.
                _discarding = false;
                _length = 0;
                continue;
            }

            var content = _buffer.AsSpan(0, _length).Trim((byte)'\r');
            if (content.IsEmpty)
            {
                _length = 0;
                continue;
            }

            if (!wasSynchronized && !MasimoDeviceTime.HasShape(content))
            {
                PartialLinesDiscarded++;
                _length = 0;
                continue;
            }

            _lineOut = true;
            LinesFramed++;
            line = content;
            return true;
        }

        line = default;
        return false;
    }

    private void Append(ReadOnlySpan<byte> segment)
    {
        while (!segment.IsEmpty)
        {
            var nul = segment.IndexOf((byte)0);
            var run = nul < 0 ? segment : segment[..nul];
            if (!_discarding)
            {
                if (_length + run.Length > _buffer.Length)
                {
                    OverlongLinesDropped++;
                    _discarding = true;
                    _length = 0;
                }
                else
                {
                    run.CopyTo(_buffer.AsSpan(_length));
                    _length += run.Length;
                }
            }

            if (nul < 0)
            {
                return;
            }

            NulBytesStripped++;
            segment = segment[(nul + 1)..];
        }
    }
}
