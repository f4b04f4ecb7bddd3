using System.Text.Json;
using Hale.Cli.Commands;

namespace Hale.Cli.Tests;

/// <summary>The groups table of <c>hale status</c>, rendered from a status document.</summary>
public class StatusTableTests
{
    private const string Status = """
        {
          "now": "2026-01-01T00:01:00Z",
          "redacted": false,
          "checks": [ { "name": "ok", "served": true, "status": "ok", "since": "2026-01-01T00:00:00Z", "last_checked": null,
                        "detail": "exit 0", "last_transition": { "at": "2026-01-01T00:00:00Z", "from": "unknown", "to": "ok", "cause": "exit 0" } } ],
          "services": [ { "name": "app", "state": "stopped", "since": "2026-01-01T00:00:30Z", "wanted": false, "pid": null,
                          "started_at": null, "restarts": 0, "waiting_for": null, "waiting_since": null, "next_start_at": null,
                          "held_until": null, "last_error": null, "last_exit": null, "output": [] } ],
          "load_balancers": [],
          "groups": [ { "name": "db", "coordinator": "etcd", "node": "n2", "role": "standby", "leader": "n1", "fencing_token": null,
                        "lease_age_ms": 120.4, "reason": "standby: n1 leads (revision 7)", "since": "2026-01-01T00:00:40Z",
                        "members": [ { "node": "n1", "priority": 1, "healthy": true, "healthy_since": "2026-01-01T00:00:00Z" },
                                     { "node": "n2", "priority": 2, "healthy": false, "healthy_since": null } ] } ]
        }
        """;

    [Fact]
    public void StatusTable_Groups_OneRowEach()
    {
        using var document = JsonDocument.Parse(Status);

        var table = StatusTable.Render(document.RootElement);

        Assert.Matches(@"GROUP +NODE +ROLE +LEADER +SINCE +WHY\ndb \(etcd\) +n2 +STANDBY +n1 +00:00:20 ago +standby: n1 leads \(revision 7\)", table);
    }
}
