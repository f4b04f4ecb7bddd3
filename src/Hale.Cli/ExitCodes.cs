namespace Hale.Cli;

/// <summary>The exit codes of the <c>hale</c> command.</summary>
internal static class ExitCodes
{
    /// <summary>Success; also a clean stop on SIGTERM or SIGINT.</summary>
    public const int Ok = 0;

    /// <summary>A failure at run time (an address already in use, a lock held by another instance).</summary>
    public const int Failure = 1;

    /// <summary>Bad command-line arguments or a bad configuration file.</summary>
    public const int Usage = 2;
}
