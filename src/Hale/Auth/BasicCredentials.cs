using System.Text;

namespace Hale.Auth;

/// <summary>Parses an HTTP Basic <c>Authorization</c> header.</summary>
public static class BasicCredentials
{
    /// <summary>Parses <c>Basic base64(user:password)</c>; the scheme is case-insensitive and the password may contain <c>:</c>.</summary>
    /// <param name="authorizationHeader">The header value.</param>
    /// <param name="user">The user name.</param>
    /// <param name="password">The password.</param>
    /// <returns>False for a missing header, another scheme, bad base64 or no <c>:</c>.</returns>
    public static bool TryParse(string? authorizationHeader, out string user, out string password)
    {
        user = password = string.Empty;
        var value = authorizationHeader?.Trim() ?? string.Empty;
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !value[..space].Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value[(space + 1)..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            user = decoded[..colon];
            password = decoded[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
