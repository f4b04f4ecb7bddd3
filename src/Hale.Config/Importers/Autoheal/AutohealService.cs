namespace Hale.Config.Importers.Autoheal;

/// <summary>One service of autoheal's conf.yaml, validated. Immutable.</summary>
/// <param name="Name">The service's name (its key).</param>
/// <param name="Pname">A regular expression over full command lines; null when not given.</param>
/// <param name="PidFile">The pid file, absolute (a relative one is relative to the configuration's folder); null when not given.</param>
/// <param name="Dependencies">The <c>dep</c> entries, in file order.</param>
/// <param name="Script">The restart command, run with <c>/bin/sh -c</c>.</param>
/// <param name="Line">The 1-based line of the service's name.</param>
internal sealed record AutohealService(string Name, string? Pname, string? PidFile, IReadOnlyList<AutohealDependency> Dependencies, string Script, int Line);
