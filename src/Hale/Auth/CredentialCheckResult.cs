namespace Hale.Auth;

/// <summary>The result of <see cref="ICredentialVerifier.Verify"/>.</summary>
/// <param name="Verdict">Granted, denied, or unavailable.</param>
/// <param name="Error">
/// Why the verdict is <see cref="CredentialVerdict.Unavailable"/> (e.g. the password file cannot be read);
/// <see langword="null"/> otherwise. Never contains a password or a hash.
/// </param>
public readonly record struct CredentialCheckResult(CredentialVerdict Verdict, string? Error = null);
