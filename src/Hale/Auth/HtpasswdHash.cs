using System.Security.Cryptography;
using System.Text;

namespace Hale.Auth;

/// <summary>Checks a password against one stored htpasswd hash, in constant time.</summary>
/// <remarks>
/// Formats: <c>$apr1$</c> and <c>{SHA}</c> in managed code; bcrypt <c>$2a$</c>/<c>$2b$</c>/<c>$2y$</c>, <c>$1$</c>,
/// <c>$5$</c>, <c>$6$</c> and traditional DES (13 characters of the crypt alphabet) through <see cref="LibCrypt"/>.
/// Anything else, plaintext included, is refused: it is never compared with the password.
/// A password containing NUL is refused too, since C strings would silently cut it.
/// </remarks>
internal static class HtpasswdHash
{
    private const int DesHashLength = 13;

    private static readonly string[] CryptPrefixes = ["$2a$", "$2b$", "$2y$", "$1$", "$5$", "$6$"];

    /// <summary>Whether <paramref name="hash"/> is in a format this class checks.</summary>
    public static bool IsSupported(string hash) =>
        hash.StartsWith(Apr1Md5.Prefix, StringComparison.Ordinal)
        || hash.StartsWith(ApacheSha1.Prefix, StringComparison.Ordinal)
        || IsCrypt(hash);

    /// <summary>Checks <paramref name="password"/> against <paramref name="hash"/>.</summary>
    /// <returns>Granted or Denied; Unavailable when libcrypt is needed but missing.</returns>
    public static CredentialCheckResult Verify(string password, string hash)
    {
        if (!IsSupported(hash) || password.Contains('\0', StringComparison.Ordinal))
        {
            return new(CredentialVerdict.Denied);
        }

        byte[] passwordBytes = Encoding.UTF8.GetBytes(password);
        try
        {
            string? computed;
            if (hash.StartsWith(Apr1Md5.Prefix, StringComparison.Ordinal))
            {
                computed = Apr1Md5.Compute(passwordBytes, hash);
            }
            else if (hash.StartsWith(ApacheSha1.Prefix, StringComparison.Ordinal))
            {
                computed = ApacheSha1.Compute(passwordBytes);
            }
            else
            {
                computed = LibCrypt.Crypt(passwordBytes, hash);
            }

            return new(computed is not null && FixedTimeEquals(computed, hash) ? CredentialVerdict.Granted : CredentialVerdict.Denied);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return new(CredentialVerdict.Unavailable, $"crypt_r from {LibCrypt.LibraryName} is not available: {ex.Message}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    private static bool IsCrypt(string hash)
    {
        foreach (string prefix in CryptPrefixes)
        {
            if (hash.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return hash.Length == DesHashLength && hash.All(IsCryptAlphabet);
    }

    private static bool IsCryptAlphabet(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '/';

    private static bool FixedTimeEquals(string computed, string stored) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(computed), Encoding.UTF8.GetBytes(stored));
}
