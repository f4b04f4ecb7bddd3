namespace Hale.Auth;

/// <summary>Checks a user name and password, e.g. from an HTTP Basic <c>Authorization</c> header.</summary>
/// <remarks>Implementations are safe to call from several threads at once and never throw for an unreadable store.</remarks>
public interface ICredentialVerifier
{
    /// <summary>Checks <paramref name="password"/> for <paramref name="user"/>.</summary>
    /// <param name="user">The user name, compared ordinally (case-sensitively).</param>
    /// <param name="password">The password as the client sent it.</param>
    /// <returns>Granted, denied, or unavailable with the reason.</returns>
    CredentialCheckResult Verify(string user, string password);
}
