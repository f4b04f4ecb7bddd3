namespace Hale.Cli.Daemon;

/// <summary>Where <see cref="ProcessLogFilesProvider"/> writes: a directory and the processes that get a file there.</summary>
/// <param name="Directory">The log directory (created when missing).</param>
/// <param name="Names">The process names.</param>
internal sealed record ProcessLogs(string Directory, IReadOnlyList<string> Names);
