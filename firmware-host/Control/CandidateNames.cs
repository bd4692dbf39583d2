using System.Text;

namespace Edge.Host.Control;

/// <summary>
/// Advertised names are chosen by whoever owns the radio, so they are untrusted: anything outside
/// <c>[A-Za-z0-9 ._-]</c> becomes <c>_</c> and the result is cut to <see cref="MaxLength"/> characters. The page
/// also renders names as text, never as HTML; this keeps a hostile name from doing anything anywhere else either.
/// </summary>
public static class CandidateNames
{
    /// <summary>Longest name returned.</summary>
    public const int MaxLength = 32;

    /// <summary>The safe form of an advertised name (empty stays empty).</summary>
    public static string Sanitise(string? advertised)
    {
        if (string.IsNullOrEmpty(advertised))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(Math.Min(advertised.Length, MaxLength));
        foreach (var rune in advertised.EnumerateRunes())
        {
            if (sb.Length == MaxLength)
            {
                break;
            }

            var c = rune.IsAscii ? (char)rune.Value : '\0';
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '_' or '-' ? c : '_');
        }

        return sb.ToString();
    }
}
