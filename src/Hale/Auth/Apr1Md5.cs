using System.Security.Cryptography;
using System.Text;

namespace Hale.Auth;

/// <summary>Apache's MD5 password hash, <c>$apr1$salt$hash</c> (<c>htpasswd -m</c>, its default).</summary>
/// <remarks>
/// The FreeBSD MD5-crypt algorithm with the magic <c>$apr1$</c>: an MD5 of password, magic and salt mixed with an MD5
/// of password, salt, password; then 1000 rounds; then the 16 bytes in a shuffled order in the crypt base-64 alphabet.
/// A port of <c>apr_md5_encode</c>. MD5 is weak; it is here for compatibility with existing files only.
/// </remarks>
internal static class Apr1Md5
{
    public const string Prefix = "$apr1$";

    private const string Itoa64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int MaxSaltBytes = 8;

    /// <summary>Hashes <paramref name="password"/> with the salt of <paramref name="setting"/> (a stored <c>$apr1$</c> hash).</summary>
    /// <returns>The full hash string, comparable with <paramref name="setting"/>.</returns>
    public static string Compute(ReadOnlySpan<byte> password, string setting)
    {
        ReadOnlySpan<byte> afterPrefix = Encoding.UTF8.GetBytes(setting).AsSpan(Prefix.Length);
        int saltLength = 0;
        while (saltLength < afterPrefix.Length && saltLength < MaxSaltBytes && afterPrefix[saltLength] != (byte)'$')
        {
            saltLength++;
        }

        ReadOnlySpan<byte> salt = afterPrefix[..saltLength];
        Span<byte> digest = stackalloc byte[16];
        try
        {
            Digest(password, salt, digest);
            var result = new StringBuilder(Prefix.Length + saltLength + 23);
            result.Append(Prefix).Append(Encoding.UTF8.GetString(salt)).Append('$');
            AppendBase64(result, (digest[0] << 16) | (digest[6] << 8) | digest[12], 4);
            AppendBase64(result, (digest[1] << 16) | (digest[7] << 8) | digest[13], 4);
            AppendBase64(result, (digest[2] << 16) | (digest[8] << 8) | digest[14], 4);
            AppendBase64(result, (digest[3] << 16) | (digest[9] << 8) | digest[15], 4);
            AppendBase64(result, (digest[4] << 16) | (digest[10] << 8) | digest[5], 4);
            AppendBase64(result, digest[11], 2);
            return result.ToString();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(digest);
        }
    }

    private static void Digest(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, Span<byte> final)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(password);
        md5.AppendData(salt);
        md5.AppendData(password);
        md5.GetHashAndReset(final);

        md5.AppendData(password);
        md5.AppendData("$apr1$"u8);
        md5.AppendData(salt);
        for (int left = password.Length; left > 0; left -= 16)
        {
            md5.AppendData(final[..Math.Min(16, left)]);
        }

        ReadOnlySpan<byte> zero = [0];
        for (int bits = password.Length; bits != 0; bits >>= 1)
        {
            md5.AppendData((bits & 1) != 0 ? zero : password[..1]);
        }

        md5.GetHashAndReset(final);
        for (int round = 0; round < 1000; round++)
        {
            md5.AppendData((round & 1) != 0 ? password : final);
            if (round % 3 != 0)
            {
                md5.AppendData(salt);
            }

            if (round % 7 != 0)
            {
                md5.AppendData(password);
            }

            md5.AppendData((round & 1) != 0 ? final : password);
            md5.GetHashAndReset(final);
        }
    }

    private static void AppendBase64(StringBuilder builder, int value, int count)
    {
        for (; count > 0; count--)
        {
            builder.Append(Itoa64[value & 0x3f]);
            value >>= 6;
        }
    }
}
