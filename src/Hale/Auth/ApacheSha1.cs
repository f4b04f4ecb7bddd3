using System.Security.Cryptography;

namespace Hale.Auth;

/// <summary>Apache's unsalted SHA-1 password hash, <c>{SHA}</c> + base64(SHA-1(password)) (<c>htpasswd -s</c>).</summary>
/// <remarks>SHA-1 without salt is weak; it is here for compatibility with existing files only.</remarks>
internal static class ApacheSha1
{
    public const string Prefix = "{SHA}";

    /// <summary>Hashes <paramref name="password"/>.</summary>
    /// <returns>The full hash string, e.g. <c>{SHA}fGphxo74ubawYbKMNIvB7Xkhy1M=</c>.</returns>
    public static string Compute(ReadOnlySpan<byte> password)
    {
        Span<byte> digest = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(password, digest);
        string result = Prefix + Convert.ToBase64String(digest);
        CryptographicOperations.ZeroMemory(digest);
        return result;
    }
}
