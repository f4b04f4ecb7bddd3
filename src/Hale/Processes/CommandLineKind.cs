namespace Hale.Processes;

/// <summary>How a service's command line is run (see <see cref="CommandLineSplitter"/>).</summary>
internal enum CommandLineKind
{
    /// <summary>No shell syntax: split into words and exec'd directly; the pid is the program's.</summary>
    Direct,

    /// <summary>One simple command with shell syntax: <c>/bin/sh -c</c> with <c>exec</c> put before the command word, so the shell becomes the program.</summary>
    ShellExec,

    /// <summary>Anything else (lists, pipelines, compound commands, a builtin): <c>/bin/sh -c LINE</c> as written.</summary>
    Shell,
}
