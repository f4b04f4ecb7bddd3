namespace Hale.Auth;

/// <summary>The answer of an <see cref="ICredentialVerifier"/>.</summary>
public enum CredentialVerdict
{
    /// <summary>The user exists and the password matches.</summary>
    Granted,

    /// <summary>Unknown user, wrong password or an unusable entry.</summary>
    Denied,

    /// <summary>The credentials could not be checked (e.g. the htpasswd file is missing).</summary>
    Unavailable,
}
