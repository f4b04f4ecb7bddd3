namespace Hale.Auth;

/// <summary>Verifies a user name and password, e.g. against an htpasswd file. Implementations are thread-safe.</summary>
public interface ICredentialVerifier
{
    /// <summary>Verifies the credentials; never throws for a missing or unreadable source (that is <see cref="CredentialVerdict.Unavailable"/>).</summary>
    /// <param name="user">The user name.</param>
    /// <param name="password">The password, compared in constant time.</param>
    /// <returns>The verdict.</returns>
    CredentialCheckResult Verify(string user, string password);
}
