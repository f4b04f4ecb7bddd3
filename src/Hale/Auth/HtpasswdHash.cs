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

    /// <summary>
    /// Why <paramref name="hash"/> costs too much to check under <paramref name="limits"/> (a bcrypt cost over
    /// <see cref="AuthLimits.MaxBcryptCost"/>, sha-crypt rounds over <see cref="AuthLimits.MaxCryptRounds"/>);
    /// <see langword="null"/> when it does not.
    /// </summary>
    public static string? CostError(string hash, AuthLimits limits)
    {
        if (BcryptCost(hash) is { } cost && cost > limits.MaxBcryptCost)
        {
            return $"bcrypt cost {cost} is over the limit of {limits.MaxBcryptCost} (auth_limits.max_bcrypt_cost)";
        }

        if (CryptRounds(hash) is { } rounds && rounds > limits.MaxCryptRounds)
        {
            return $"sha-crypt rounds {(rounds == long.MaxValue ? "(too large to read)" : rounds.ToString(System.Globalization.CultureInfo.InvariantCulture))} are over the limit of {limits.MaxCryptRounds} (auth_limits.max_crypt_rounds)";
        }

        return null;
    }

    /// <summary>
    /// The algorithm and work factor of a supported <paramref name="hash"/>, e.g. <c>bcrypt/10</c>, <c>$6$/5000</c>,
    /// <c>$apr1$</c>: two hashes of one class cost the same to check.
    /// </summary>
    public static string CostClass(string hash)
    {
        if (BcryptCost(hash) is { } cost)
        {
            return "bcrypt/" + cost.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (CryptRounds(hash) is { } rounds)
        {
            return hash[..3] + "/" + rounds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (string prefix in (string[])[Apr1Md5.Prefix, ApacheSha1.Prefix, "$1$"])
        {
            if (hash.StartsWith(prefix, StringComparison.Ordinal))
            {
                return prefix;
            }
        }

        return hash.Length == DesHashLength ? "des" : "other";
    }

    /// <summary>The cost of a bcrypt hash (<c>$2y$10$…</c> → 10); null when it is not bcrypt or its cost is not two digits.</summary>
    private static int? BcryptCost(string hash) =>
        hash.Length >= 7 && hash.StartsWith("$2", StringComparison.Ordinal) && hash[2] is 'a' or 'b' or 'y' && hash[3] == '$'
            && char.IsAsciiDigit(hash[4]) && char.IsAsciiDigit(hash[5]) && hash[6] == '$'
            ? ((hash[4] - '0') * 10) + (hash[5] - '0')
            : null;

    /// <summary>
    /// The rounds of a sha-crypt hash (<c>$5$</c>, <c>$6$</c>): the number after <c>rounds=</c>, 5,000 without it,
    /// <see cref="long.MaxValue"/> when it has too many digits; null when it is not sha-crypt or the number is not digits.
    /// </summary>
    private static long? CryptRounds(string hash)
    {
        if (!hash.StartsWith("$5$", StringComparison.Ordinal) && !hash.StartsWith("$6$", StringComparison.Ordinal))
        {
            return null;
        }

        const string RoundsPrefix = "rounds=";
        ReadOnlySpan<char> rest = hash.AsSpan(3);
        if (!rest.StartsWith(RoundsPrefix, StringComparison.Ordinal))
        {
            return 5000;
        }

        rest = rest[RoundsPrefix.Length..];
        int end = rest.IndexOf('$');
        ReadOnlySpan<char> digits = end < 0 ? rest : rest[..end];
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }

        return long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long rounds) ? rounds : long.MaxValue;
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
