using System.Globalization;
using System.Text;

namespace Hale.Config.Importers.Autoheal;

/// <summary>
/// Writes an <see cref="AutohealFile"/> as Hale's native YAML: each service a daemon Hale does not own (<c>start</c> is its
/// script, <c>alive</c> its pid file and/or pname), its dependencies as TCP and HTTP checks in <c>depends_on</c>, and
/// <c>order</c> keeping file order. Deterministic; stateless.
/// </summary>
internal static class AutohealYamlWriter
{
    /// <summary>How long Hale lets a restart script run (autoheal waited without limit): 10 minutes.</summary>
    public const string ScriptTimeout = "10m";

    /// <summary>The YAML text.</summary>
    public static string Write(AutohealFile file, string sourcePath)
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"# Hale's native configuration, converted from autoheal's {YamlQuote.Comment(Path.GetFileName(sourcePath))}: this is what Hale runs for it.\n");
        yaml.Append("# autoheal ran once per call (from cron): `hale run --once` or `hale autoheal` does the same; `hale run` keeps\n");
        yaml.Append("# checking every second and restarts with backoff and a start limit. A service that is down waits for all its\n");
        yaml.Append("# dependencies; one whose dependency is down is skipped and the others go on (autoheal stopped the whole run).\n");
        yaml.Append("# autoheal served nothing over HTTP; Hale always listens: here on an ephemeral loopback port.\n");
        yaml.Append("http:\n  listen: \"127.0.0.1:0\"\n");
        if (file.Services.Count == 0)
        {
            return yaml.ToString();
        }

        yaml.Append("services:\n");
        for (var i = 0; i < file.Services.Count; i++)
        {
            var service = file.Services[i];
            yaml.Append(CultureInfo.InvariantCulture, $"  {YamlQuote.Scalar(service.Name)}:   # line {service.Line}\n");
            yaml.Append(CultureInfo.InvariantCulture, $"    start: {YamlQuote.Scalar(service.Script)}\n");
            var alive = new List<string>();
            if (service.PidFile is not null)
            {
                alive.Add($"pid_file: {YamlQuote.Scalar(service.PidFile)}");
            }

            if (service.Pname is not null)
            {
                alive.Add($"pname: {YamlQuote.Scalar(service.Pname)}");
            }

            if (alive.Count == 2)
            {
                yaml.Append("    # both given: the pid must be alive and its command line match pname (a reused pid is not the service)\n");
            }

            yaml.Append(CultureInfo.InvariantCulture, $"    alive: {{ {string.Join(", ", alive)} }}\n");
            if (service.Dependencies.Count > 0)
            {
                yaml.Append("    depends_on:\n");
                foreach (var dependency in service.Dependencies)
                {
                    var comment = $"   # {YamlQuote.Comment(dependency.Name)} (line {dependency.Line})\n";
                    yaml.Append(dependency.Url is { } url
                        ? $"      - http: {{ url: {YamlQuote.Scalar(url)}, expect: 2xx, follow_redirects: true, timeout: {AutohealDependency.HttpTimeoutSeconds}s }}"
                        : $"      - tcp: {{ host: {YamlQuote.Scalar(dependency.Host!)}, port: {dependency.Port}, timeout: {AutohealDependency.TcpTimeoutSeconds}s }}");
                    yaml.Append(comment);
                }
            }

            yaml.Append(CultureInfo.InvariantCulture, $"    order: {i + 1}   # file order\n");
            yaml.Append(CultureInfo.InvariantCulture, $"    command_timeout: {ScriptTimeout}   # autoheal waited for the script without a limit\n");
        }

        return yaml.ToString();
    }
}
