namespace Hale.Auth;

/// <summary>The result of <see cref="ICredentialVerifier.Verify"/>.</summary>
/// <param name="Verdict">Granted, denied, or unavailable.</param>
/// <param name="Error">
/// Why the verdict is <see cref="CredentialVerdict.Unavailable"/> (e.g. the password file cannot be read);
/// <see langword="null"/> otherwise. Never contains a password or a hash.
/// </param>
/// <param name="Warnings">
/// What is wrong with the credential store, found by this check (e.g. lines of a newly read htpasswd file refused under
/// <see cref="AuthLimits"/>), for the caller to log; each is reported by one check only. <see langword="null"/> when none.
/// Never contains a password or a hash.
/// </param>
public readonly record struct CredentialCheckResult(CredentialVerdict Verdict, string? Error = null, IReadOnlyList<string>? Warnings = null);
