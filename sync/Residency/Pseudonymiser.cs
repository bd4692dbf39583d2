using System.Security.Cryptography;
using System.Text;

namespace Edge.Sync.Residency;

/// <summary>
/// Keyed pseudonyms: HMAC-SHA256 under the site secret, separately per destination, so two destinations cannot join
/// their data on a shared pseudonym and nobody without the appliance's secret can reverse or recompute one. The same
/// input always gives the same pseudonym for a destination, so longitudinal analysis and de-duplication still work.
/// </summary>
/// <remarks>
/// Message ids are re-keyed too whenever a destination gets transformed data: Edge's ids are UUIDv7, whose first 48
/// bits are the creation time in milliseconds, which would undo <c>truncate-time</c>, and a shared id would link a
/// pseudonymised record to its identified twin at another destination.
/// </remarks>
public sealed class Pseudonymiser
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int CacheLimit = 4096;
    private readonly byte[] _key;
    private readonly System.Collections.Concurrent.ConcurrentBag<IncrementalHash> _hmacs = [];

    // Patients and devices are few and repeat on every reading: their pseudonyms are worth remembering.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Destination, string Kind, string Value), string> _cache = new();

    /// <param name="key">The site secret, at least 32 bytes. It never leaves the appliance.</param>
    public Pseudonymiser(ReadOnlySpan<byte> key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The site secret must be at least 32 bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>
    /// A pseudonym for an identifier of a kind (<c>patient</c>, <c>device</c>) at a destination: the prefix and 26
    /// base32 characters (130 bits) of the HMAC, e.g. <c>pp-k3v...</c>.
    /// </summary>
    public string Pseudonym(string destination, string kind, string value)
    {
        if (_cache.TryGetValue((destination, kind, value), out var known))
        {
            return known;
        }

        if (_cache.Count >= CacheLimit)
        {
            _cache.Clear();
        }

        return _cache[(destination, kind, value)] = Compute(destination, kind, value);
    }

    private string Compute(string destination, string kind, string value)
    {
        Span<byte> mac = stackalloc byte[32];
        Mac(destination, kind, Encoding.UTF8.GetBytes(value), mac);
        return string.Create(3 + 26, (kind, mac.ToArray()), static (chars, state) =>
        {
            chars[0] = 'p';
            chars[1] = state.kind[0];
            chars[2] = '-';
            // 26 characters of 5 bits each from the first 17 bytes.
            var bits = 0;
            var buffer = 0;
            var at = 3;
            foreach (var b in state.Item2)
            {
                buffer = (buffer << 8) | b;
                bits += 8;
                while (bits >= 5 && at < chars.Length)
                {
                    chars[at++] = Alphabet[(buffer >> (bits - 5)) & 31];
                    bits -= 5;
                }

                if (at == chars.Length)
                {
                    break;
                }
            }
        });
    }

    /// <summary>A stable replacement id for a destination: a version-8 UUID from the HMAC of the original.</summary>
    public Guid Rekey(string destination, Guid id)
    {
        Span<byte> original = stackalloc byte[16];
        id.TryWriteBytes(original, bigEndian: true, out _);
        Span<byte> mac = stackalloc byte[32];
        Mac(destination, "id", original, mac);
        var bytes = mac[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: custom
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }

    private void Mac(string destination, string kind, ReadOnlySpan<byte> value, Span<byte> mac)
    {
        // destination NUL kind NUL value: the separators keep ("ab","c") and ("a","bc") apart. Keyed HMAC objects
        // are pooled and reset after each hash, which saves the key schedule on every call.
        if (!_hmacs.TryTake(out var hmac))
        {
            hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        }

        hmac.AppendData(Encoding.UTF8.GetBytes(destination));
        hmac.AppendData([0]);
        hmac.AppendData(Encoding.UTF8.GetBytes(kind));
        hmac.AppendData([0]);
        hmac.AppendData(value);
        hmac.GetHashAndReset(mac);
        _hmacs.Add(hmac);
    }
}
