using System.Globalization;
using System.Text;
using Hale.Text;

namespace Hale.Config.Importers.Valet;

/// <summary>
/// Writes validated ha_valet sections as Hale's native YAML: a section with a <c>stand_by_list</c> as a <c>coordinator: local</c>
/// failover group, one without as a daemon service; commented where Hale's behaviour differs from ha_valet's, and why.
/// Every value is written double-quoted and escaped, so no text of the original can change the YAML's structure.
/// </summary>
internal static class ValetYamlWriter
{
    /// <summary>ha_valet's round.</summary>
    public const string Interval = "5s";

    /// <summary>The native YAML.</summary>
    /// <param name="fileName">The original file's name, for comments.</param>
    /// <param name="processes">The sections to write, in file order.</param>
    /// <param name="skipped">Sections not monitored, with why (comments).</param>
    public static string Write(string fileName, IReadOnlyList<ValetProcess> processes, IReadOnlyList<(int Line, string Why)> skipped)
    {
        var yaml = new StringBuilder();
        yaml.Append("# Converted from ").Append(Comment(fileName)).Append(" (ha_valet) by hale convert; see COMPAT.md section 2.\n");
        yaml.Append("# A section with a stand_by_list is a failover group (coordinator: local); one without is a service.\n");
        foreach (var (line, why) in skipped)
        {
            yaml.Append("# line ").Append(line.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(Comment(why)).Append('\n');
        }

        // Without http:, Hale would take 127.0.0.1:8080: a second hale valet on the host (another file, -p) could not start.
        yaml.Append("# ha_valet served nothing over HTTP; Hale always listens: here on an ephemeral loopback port, so that it never\n");
        yaml.Append("# takes a monitored service's port and several hale valet can run on one host. Give a real address to serve /NAME.\n");
        yaml.Append("http:\n  listen: \"127.0.0.1:0\"\n");
        var groups = processes.Where(p => p.HasStandByList).ToList();
        var services = processes.Where(p => !p.HasStandByList).ToList();
        if (groups.Count > 0)
        {
            yaml.Append("node: ").Append(YamlQuote.Scalar(groups[0].Host)).Append("   # the sections' host: ha_valet's \"this one\" in each stand_by_list\n");
        }

        if (services.Count > 0)
        {
            yaml.Append("services:\n");
            foreach (var service in services)
            {
                WriteService(yaml, fileName, service);
            }
        }

        if (groups.Count > 0)
        {
            yaml.Append("groups:\n");
            foreach (var group in groups)
            {
                WriteGroup(yaml, fileName, group);
            }
        }

        if (processes.Count == 0)
        {
            yaml.Append("services: {}   # nothing to monitor\n");
        }

        return yaml.ToString();
    }

    private static void WriteService(StringBuilder yaml, string fileName, ValetProcess p)
    {
        yaml.Append("  # ").Append(Comment($"{fileName}:{p.Line} :{p.Name}")).Append(" (no stand_by_list): a daemon Hale starts when test_command says it is down\n");
        yaml.Append("  ").Append(YamlQuote.Scalar(p.Name)).Append(":\n");
        yaml.Append("    start: ").Append(YamlQuote.Scalar(p.Start)).Append('\n');
        yaml.Append("    # ha_valet ran stop_command only to stop the worse of two running instances; Hale also runs it when it stops\n");
        yaml.Append("    # the service (hale ctl stop, SIGTERM)\n");
        yaml.Append("    stop: ").Append(YamlQuote.Scalar(p.Stop)).Append('\n');
        yaml.Append("    alive:\n");
        yaml.Append("      # test_command's exit code is the instance's priority: 1..254 up; 0, 255 (ssh failed) and a timeout down.\n");
        yaml.Append("      # Hale's test is alive on exit 0, so the command runs in a subshell and its code is mapped.\n");
        yaml.Append("      test: ").Append(YamlQuote.Scalar(AliveTest(p.Test))).Append('\n');
        yaml.Append("    check_interval: ").Append(Interval).Append("   # ha_valet's round\n");
        yaml.Append("    # ha_valet retried every round and stopped managing the process after more than 10 starts, each under\n");
        yaml.Append("    # 150 s after the previous, until it was restarted; Hale holds it until hale ctl reset\n");
        yaml.Append("    restart: { backoff: { initial: ").Append(Interval).Append(", max: ").Append(Interval)
            .Append(", jitter: 0 }, limit: { starts: 10, within: 150s, then: hold } }\n");
        if (p.Order is { } order)
        {
            yaml.Append("    order: ").Append(order.ToString(CultureInfo.InvariantCulture)).Append("   # start order, ascending\n");
        }

        if (p.Priority > 1)
        {
            yaml.Append("    # priority ").Append(p.Priority.ToString(CultureInfo.InvariantCulture))
                .Append(": ha_valet waited 5 s x priority before a start so that a better peer could win; without a stand_by_list\n");
            yaml.Append("    # there is no peer, so Hale starts it at once\n");
        }
    }

    private static void WriteGroup(StringBuilder yaml, string fileName, ValetProcess p)
    {
        yaml.Append("  # ").Append(Comment($"{fileName}:{p.Line} :{p.Name}")).Append('\n');
        yaml.Append("  ").Append(YamlQuote.Scalar(p.Name)).Append(":\n");
        yaml.Append("    coordinator: local\n");
        yaml.Append("    interval: ").Append(Interval).Append("   # ha_valet's round\n");
        yaml.Append("    hosts:\n");
        yaml.Append("      ").Append(YamlQuote.Scalar(p.Host)).Append(": { priority: ").Append(p.Priority.ToString(CultureInfo.InvariantCulture))
            .Append(" }   # this section's host and priority\n");
        foreach (var (host, position) in p.Peers)
        {
            yaml.Append("      ").Append(YamlQuote.Scalar(host)).Append(": { priority: ").Append(position.ToString(CultureInfo.InvariantCulture))
                .Append(" }   # a peer: its place in stand_by_list (its own file holds its priority; used only to break ties)\n");
        }

        yaml.Append("    user: ").Append(YamlQuote.Scalar(p.User)).Append('\n');
        yaml.Append("    # host and user are bound per member ({host}, {user}), as ha_valet bound host to each peer\n");
        yaml.Append("    test: ").Append(YamlQuote.Scalar(p.Test)).Append('\n');
        yaml.Append("    start: ").Append(YamlQuote.Scalar(p.Start)).Append('\n');
        yaml.Append("    stop: ").Append(YamlQuote.Scalar(p.Stop)).Append('\n');
        if (p.Order is { } order)
        {
            yaml.Append("    # order ").Append(order.ToString(CultureInfo.InvariantCulture))
                .Append(": each failover group runs on its own loop in Hale, so there is no start order between groups\n");
        }
    }

    /// <summary>The test command run so that exit 0 means up: ha_valet's 1..254.</summary>
    public static string AliveTest(string test) => "( " + test + "\n); c=$?; [ \"$c\" -ge 1 ] && [ \"$c\" -le 254 ]";

    /// <summary>Text safe on one comment line.</summary>
    private static string Comment(string text) => SafeText.Escape(text, 300);
}
