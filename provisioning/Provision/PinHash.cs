using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Edge.Provisioning.Provision;

/// <summary>
/// The nurse PIN file of the control API contract: <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt b64&gt;$&lt;hash b64&gt;</c>.
/// The PIN itself is never stored or printed.
/// </summary>
internal static class PinHash
{
    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about 0.1 s per login attempt on a Pi 4 class CPU.</summary>
    public const int Iterations = 600_000;

    /// <summary>6 to 12 digits: long enough with the API's 5-attempts-per-5-minutes limit, short enough to type on a phone.</summary>
    public static bool IsValidPin(string pin) => pin.Length is >= 6 and <= 12 && pin.All(char.IsAsciiDigit);

    public static string Create(string pin, int iterations = Iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), salt, iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"pbkdf2-sha256${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Checks <paramref name="pin"/> against a line in the contract format (constant-time compare).</summary>
    public static bool Verify(string pin, string line)
    {
        var parts = line.Trim().Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="line"/> has the contract's shape (for check).</summary>
    public static bool IsWellFormed(string line)
    {
        var parts = line.Trim().Split('$');
        return parts.Length == 4 && parts[0] == "pbkdf2-sha256" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 10_000
            && IsBase64(parts[2]) && IsBase64(parts[3]);
    }

    private static bool IsBase64(string s) => s.Length > 0 && Convert.TryFromBase64String(s, new byte[s.Length], out _);
}
