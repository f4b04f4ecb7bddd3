namespace Hale.Auth;

/// <summary>
/// Limits on credential checks: what an htpasswd file may hold (its size, the cost of its hashes), how many checks run at
/// once and wait, and how many failures are tolerated. The YAML section <c>auth_limits</c>. Immutable; thread-safe.
/// </summary>
/// <remarks>
/// An htpasswd file over <see cref="MaxFileBytes"/> is not read (every check against it is
/// <see cref="CredentialVerdict.Unavailable"/>, naming the file); a line whose bcrypt cost is over <see cref="MaxBcryptCost"/> or
/// whose sha-crypt rounds are over <see cref="MaxCryptRounds"/> is refused with a warning naming the file and line: that
/// user cannot log in, and checking it costs what checking an unknown user costs. The other members are used by the
/// HTTP server (Hale.Hosting): the verifier pool and the failure budgets.
/// </remarks>
public sealed record AuthLimits
{
    /// <summary>The default of <see cref="MaxFileBytes"/>: 1 MiB.</summary>
    public const long DefaultMaxFileBytes = 1024 * 1024;

    /// <summary>The default of <see cref="MaxBcryptCost"/>: 14 (about 1 s per check on one core of a 2020s server).</summary>
    public const int DefaultMaxBcryptCost = 14;

    /// <summary>The default of <see cref="MaxCryptRounds"/>: 1,000,000 (sha-crypt's own default is 5,000).</summary>
    public const int DefaultMaxCryptRounds = 1_000_000;

    /// <summary>The limits when nothing is configured.</summary>
    public static AuthLimits Default { get; } = new();

    /// <summary>The largest htpasswd file read, in bytes. <value>The default is 1 MiB (1,048,576); at least 1.</value></summary>
    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;

    /// <summary>The highest bcrypt cost (<c>$2y$NN$</c>, 4..31) accepted in an htpasswd line. <value>The default is 14.</value></summary>
    public int MaxBcryptCost { get; init; } = DefaultMaxBcryptCost;

    /// <summary>
    /// The most rounds accepted in a sha-crypt line (<c>$5$rounds=N$</c>, <c>$6$rounds=N$</c>; without <c>rounds=</c>, 5,000).
    /// <value>The default is 1,000,000.</value>
    /// </summary>
    public int MaxCryptRounds { get; init; } = DefaultMaxCryptRounds;

    /// <summary>
    /// How many credential checks run at once, each on a dedicated low-priority thread (never on a request's thread).
    /// <value>The default is the number of processors minus one, at least 1.</value>
    /// </summary>
    public int VerifyThreads { get; init; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>
    /// How many credential checks may wait for a thread; past that, a request is answered 503 at once without a check.
    /// <value>The default is 16; at least 1.</value>
    /// </summary>
    public int VerifyQueue { get; init; } = 16;

    /// <summary>Failed authentications per client address within <see cref="FailureWindow"/>, then 429 for that client. <value>The default is 5.</value></summary>
    public int FailuresPerClient { get; init; } = 5;

    /// <summary>
    /// Failed authentications from all clients together within <see cref="FailureWindow"/>, then 429 for everyone until the
    /// oldest leaves the window (the control socket needs no credentials and is not limited). <value>The default is 50.</value>
    /// </summary>
    public int FailuresTotal { get; init; } = 50;

    /// <summary>The sliding window of both failure budgets. <value>The default is 10 seconds.</value></summary>
    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromSeconds(10);
}
