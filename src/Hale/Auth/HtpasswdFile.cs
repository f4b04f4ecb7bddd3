namespace Hale.Auth;

/// <summary>
/// Placeholder for the htpasswd verifier being written on the auth branch; dropped at merge.
/// Verifies nothing: every answer is <see cref="CredentialVerdict.Unavailable"/>.
/// </summary>
public sealed class HtpasswdFile : ICredentialVerifier
{
    /// <summary>Creates the verifier; the file is not read at construction.</summary>
    /// <param name="path">The htpasswd file.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public HtpasswdFile(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _ = timeProvider;
    }

    /// <summary>The htpasswd file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public CredentialCheckResult Verify(string user, string password) =>
        new(CredentialVerdict.Unavailable, "placeholder");
}
