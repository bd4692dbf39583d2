using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Edge.Host.Control;

/// <summary>
/// The site PIN as stored: <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (salt and hash in standard base64), the format
/// <c>edgectl provision --pin</c> writes. Verification derives with the stored parameters and compares in constant
/// time. Immutable and thread-safe.
/// </summary>
public sealed class PinHash
{
    /// <summary>The scheme tag at the start of the file.</summary>
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>Iterations used by <see cref="Create"/> (OWASP 2023 guidance for PBKDF2-HMAC-SHA256).</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Fewest iterations a stored hash may have; fewer would make an offline guess of a short PIN cheap.</summary>
    public const int MinIterations = 10_000;

    /// <summary>Most iterations accepted, so a corrupt file cannot make each login burn minutes of CPU.</summary>
    public const int MaxIterations = 10_000_000;

    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private PinHash(int iterations, byte[] salt, byte[] hash) => (Iterations, _salt, _hash) = (iterations, salt, hash);

    /// <summary>PBKDF2 iterations.</summary>
    public int Iterations { get; }

    /// <summary>Hashes <paramref name="pin"/> with a fresh 16-byte random salt.</summary>
    public static PinHash Create(string pin, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(pin);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(16);
        return new PinHash(iterations, salt, Derive(pin, salt, iterations, 32));
    }

    /// <summary>Parses the stored form.</summary>
    /// <param name="text">The file's content (surrounding white space is ignored).</param>
    /// <param name="hash">The parsed hash when valid.</param>
    /// <param name="problem">What is wrong (never echoing the content) when invalid.</param>
    public static bool TryParse(string text, [NotNullWhen(true)] out PinHash? hash, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        hash = null;
        var parts = text.Trim().Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            problem = $"not in the form {Scheme}$ITERATIONS$SALT$HASH";
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < MinIterations || iterations > MaxIterations)
        {
            problem = $"iterations must be a whole number from {MinIterations} to {MaxIterations}";
            return false;
        }

        var salt = FromBase64(parts[2]);
        var derived = FromBase64(parts[3]);
        if (salt is not { Length: >= 8 } || derived is not { Length: >= 16 and <= 64 })
        {
            problem = "salt (at least 8 bytes) or hash (16 to 64 bytes) is not valid base64 of the right length";
            return false;
        }

        hash = new PinHash(iterations, salt, derived);
        problem = null;
        return true;
    }

    /// <summary>Whether <paramref name="pin"/> is the PIN; constant time in the content of the stored hash.</summary>
    public bool Verify(string pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        var candidate = Derive(pin, _salt, Iterations, _hash.Length);
        return CryptographicOperations.FixedTimeEquals(candidate, _hash);
    }

    /// <summary>The stored form.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(_salt)}${Convert.ToBase64String(_hash)}");

    private static byte[] Derive(string pin, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), salt, iterations, HashAlgorithmName.SHA256, length);

    private static byte[]? FromBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
