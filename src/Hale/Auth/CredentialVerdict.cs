namespace Hale.Auth;

/// <summary>The outcome of checking a user name and password.</summary>
public enum CredentialVerdict
{
    /// <summary>The user is known and the password matches.</summary>
    Granted,

    /// <summary>The user is unknown, the password is wrong, or the stored entry is refused (e.g. plaintext).</summary>
    Denied,

    /// <summary>The credentials could not be checked (e.g. the password file cannot be read): a server error, not a refusal.</summary>
    Unavailable,
}
