using System.Security.Cryptography;
using System.Text;

namespace Hale.Auth;

/// <summary>Reads the user name and password of an HTTP Basic <c>Authorization</c> header (RFC 7617).</summary>
public static class BasicCredentials
{
    private const string Scheme = "Basic";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses <c>Basic base64(user:password)</c>.</summary>
    /// <remarks>
    /// The scheme is matched case-insensitively and followed by one or more spaces; the credentials are base64 of
    /// UTF-8 and are split at the first <c>:</c>, so the password may contain <c>:</c> (the user cannot).
    /// </remarks>
    /// <param name="authorizationHeader">The header's value, e.g. <c>Basic dXNlcjpwYXNz</c>; may be null.</param>
    /// <param name="user">The user name (possibly empty); <see cref="string.Empty"/> when parsing fails.</param>
    /// <param name="password">The password (possibly empty); <see cref="string.Empty"/> when parsing fails.</param>
    /// <returns>
    /// <see langword="false"/> for a null or empty header, another scheme, a token that is not base64 or not UTF-8,
    /// or credentials without <c>:</c>.
    /// </returns>
    public static bool TryParse(string? authorizationHeader, out string user, out string password)
    {
        user = string.Empty;
        password = string.Empty;
        ReadOnlySpan<char> value = authorizationHeader.AsSpan().Trim();
        if (value.Length <= Scheme.Length
            || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || value[Scheme.Length] != ' ')
        {
            return false;
        }

        ReadOnlySpan<char> token = value[Scheme.Length..].TrimStart(' ');
        if (token.IsEmpty || token.ContainsAny(" \t\r\n"))
        {
            return false;
        }

        byte[] bytes = new byte[(token.Length / 4 * 3) + 3];
        try
        {
            if (!Convert.TryFromBase64Chars(token, bytes, out int written))
            {
                return false;
            }

            string credentials = StrictUtf8.GetString(bytes, 0, written);
            int colon = credentials.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            user = credentials[..colon];
            password = credentials[(colon + 1)..];
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
