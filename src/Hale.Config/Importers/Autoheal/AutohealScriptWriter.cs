using System.Globalization;
using System.Text;

namespace Hale.Config.Importers.Autoheal;

/// <summary>
/// <c>hale autoheal script</c>: an <see cref="AutohealFile"/> as a standalone POSIX <c>sh</c> script (dash and bash) with
/// the logic of Hale's one-shot pass, for hosts that cannot run Hale. For each service in file order: alive (pid file:
/// a live, non-zombie pid whose command line matches pname when both are given; pname alone: some other process's
/// command line matches) → nothing; else every dependency is checked (TCP connect within 3 s with <c>nc</c>, or bash's
/// <c>/dev/tcp</c> where nc is missing; HTTP 2xx within 10 s, redirects followed, with <c>curl</c> or <c>wget</c>); all up
/// → the script runs with <c>/bin/sh -c</c> and its exit code is logged; a dependency down → the service is skipped and
/// the others go on. Exit status 0 when every service is alive or restarted, 1 otherwise. Log lines go to stderr.
/// </summary>
/// <remarks>
/// The output depends only on the model (no time, host or random value), so writing it twice gives the same file. pname is
/// matched with awk's extended regular expressions (Hale uses .NET's; the common subset is the same). Stateless.
/// </remarks>
internal static class AutohealScriptWriter
{
    /// <summary>The script's text.</summary>
    /// <param name="file">The services.</param>
    /// <param name="sourcePath">The configuration, named in the script's header.</param>
    public static string Write(AutohealFile file, string sourcePath)
    {
        var sh = new StringBuilder();
        sh.Append("#!/bin/sh\n");
        sh.Append(CultureInfo.InvariantCulture, $"# Restarts the services of {Comment(sourcePath)} when they are down and their dependencies are up.\n");
        sh.Append("# Written by `hale autoheal script`: regenerate it rather than edit it. Runs under any POSIX sh (dash, bash).\n");
        sh.Append("# Exit status: 0 when every service is alive or was restarted; 1 when one was skipped or its script failed.\n");
        sh.Append(Functions);
        for (var i = 0; i < file.Services.Count; i++)
        {
            Service(sh, i + 1, file.Services[i]);
        }

        sh.Append("\nstatus=0\n");
        for (var i = 0; i < file.Services.Count; i++)
        {
            sh.Append(CultureInfo.InvariantCulture, $"service_{i + 1} || status=1\n");
        }

        sh.Append("exit \"$status\"\n");
        return sh.ToString();
    }

    private static void Service(StringBuilder sh, int index, AutohealService service)
    {
        var name = ShellWords.Quote(service.Name);
        sh.Append(CultureInfo.InvariantCulture, $"\n# {Comment(service.Name)} (line {service.Line})\nservice_{index}() {{\n");
        var alive = (service.PidFile, service.Pname) switch
        {
            ({ } pid, { } pname) => $"alive_pid {ShellWords.Quote(pid)} {ShellWords.Quote(pname)}",
            ({ } pid, null) => $"alive_pid {ShellWords.Quote(pid)} ''",
            _ => $"alive_pname {ShellWords.Quote(service.Pname!)}",
        };
        sh.Append(CultureInfo.InvariantCulture, $"  if {alive}; then\n    log {name} \"is alive: $why\"\n    return 0\n  fi\n");
        foreach (var dependency in service.Dependencies)
        {
            var check = dependency.Url is { } url
                ? $"http_up {ShellWords.Quote(url)}"
                : $"tcp_up {ShellWords.Quote(dependency.Host!)} {dependency.Port}";
            var dependencyName = ShellWords.Quote($"{dependency.Name} ({dependency.Target})");
            sh.Append(CultureInfo.InvariantCulture, $"  if ! {check}; then\n    log {name} \"is down ($why) but dependency \"{dependencyName}\" is down too: skipped\"\n    return 1\n  fi\n");
        }

        sh.Append(CultureInfo.InvariantCulture, $"  /bin/sh -c {ShellWords.Quote(service.Script)}\n");
        sh.Append("  code=$?\n");
        sh.Append(CultureInfo.InvariantCulture, $"  log {name} \"was down ($why); ran its script: exit $code\"\n");
        sh.Append("  [ \"$code\" -eq 0 ]\n}\n");
    }

    private static string Comment(string text) => YamlQuote.Comment(text);

    /// <summary>The helpers every script has: logging, the alive checks and the dependency checks.</summary>
    private const string Functions = """

        log() { printf 'autoheal: %s %s\n' "$1" "$2" >&2; }

        # A command line with its NULs as spaces.
        cmdline() { tr '\000' ' ' < "/proc/$1/cmdline" 2>/dev/null; }

        # Whether stdin matches the extended regular expression in $PATTERN (given in the environment, so that it is not on
        # the command line of the awk that tests it).
        matches() { awk 'BEGIN { p = ENVIRON["PATTERN"]; found = 0 } $0 ~ p { found = 1 } END { exit !found }'; }

        # alive_pid PIDFILE PNAME: the pid in PIDFILE is a live process, not a zombie, and (PNAME given) its command line matches.
        alive_pid() {
          why="no pid file $1"
          [ -r "$1" ] || return 1
          pid=$(head -n 1 "$1" | tr -d ' \t\r')
          case $pid in ''|*[!0-9]*) why="no pid in $1"; return 1;; esac
          why="pid $pid from $1 is not running"
          [ -r "/proc/$pid/stat" ] || return 1
          state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d ' ' -f 1)
          [ -n "$state" ] || return 1
          why="pid $pid from $1 is a zombie"
          [ "$state" != Z ] || return 1
          if [ -n "$2" ]; then
            why="pid $pid from $1 does not match pname $2"
            cmdline "$pid" | PATTERN=$2 matches || return 1
          fi
          why="pid $pid"
        }

        # alive_pname PNAME: some process other than this script has a command line that matches.
        alive_pname() {
          self=$(cmdline $$)
          for dir in /proc/[0-9]*; do
            pid=${dir#/proc/}
            [ "$pid" = $$ ] && continue
            line=$(cmdline "$pid") || continue
            [ -n "$line" ] && [ "$line" != "$self" ] || continue
            if printf '%s\n' "$line" | PATTERN=$1 matches; then
              why="pid $pid matches pname $1"
              return 0
            fi
          done
          why="no process matches pname $1"
          return 1
        }

        # tcp_up HOST PORT: a TCP connection completes within 3 s.
        tcp_up() {
          if command -v nc >/dev/null 2>&1; then
            nc -z -w 3 "$1" "$2" >/dev/null 2>&1
          elif command -v bash >/dev/null 2>&1; then
            timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' tcp_up "$1" "$2" >/dev/null 2>&1
          else
            log tcp_up "neither nc nor bash is installed: cannot check $1:$2"
            return 1
          fi
        }

        # http_up URL: the final answer (redirects followed) within 10 s is 2xx.
        http_up() {
          if command -v curl >/dev/null 2>&1; then
            code=$(curl -s -o /dev/null -L --max-time 10 -w '%{http_code}' "$1" 2>/dev/null)
            case $code in 2[0-9][0-9]) return 0;; *) return 1;; esac
          elif command -v wget >/dev/null 2>&1; then
            wget -q -O /dev/null -T 10 "$1" >/dev/null 2>&1
          else
            log http_up "neither curl nor wget is installed: cannot check $1"
            return 1
          fi
        }

        """;
}
