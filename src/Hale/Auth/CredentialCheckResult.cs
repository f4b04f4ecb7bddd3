namespace Hale.Auth;

/// <summary>The result of verifying one user and password.</summary>
/// <param name="Verdict">Granted, denied, or unavailable.</param>
/// <param name="Error">Why the verdict is <see cref="CredentialVerdict.Unavailable"/>; never contains a password or hash.</param>
public readonly record struct CredentialCheckResult(CredentialVerdict Verdict, string? Error = null);
