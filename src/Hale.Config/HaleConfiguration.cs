using System.Net;
using Hale.Actions;
using Hale.Auth;
using Hale.Checks;
using Hale.Failover;
using Hale.LoadBalancers;
using Hale.Services;
using Hale.State;

namespace Hale.Config;

/// <summary>A loaded configuration: where to listen, where operator state lives, and the components. Nothing in it is started.</summary>
public sealed class HaleConfiguration
{
    internal HaleConfiguration(
        string sourcePath,
        IReadOnlyList<IPEndPoint> listen,
        string stateDirectory,
        IOperatorStateStore stateStore,
        IReadOnlyList<ComponentDefinition> components,
        ServiceSection services,
        IReadOnlyList<BalancerDefinition> balancers,
        IReadOnlyList<LoadBalancerBinding> balancerBindings)
    {
        Balancers = balancers;
        BalancerBindings = balancerBindings;
        SourcePath = sourcePath;
        Listen = listen;
        StateDirectory = stateDirectory;
        StateStore = stateStore;
        Components = components;
        Services = services.Definitions;
        ServiceFingerprints = services.Fingerprints;
        Actions = services.Actions;
        ActionInterval = services.ActionInterval;
        ServiceDirectory = services.Directory;
        ControlAuth = services.ControlAuth;
    }

    /// <summary>
    /// Resolves the references by name between checks (and from services, actions and bindings to checks). An engine running
    /// this configuration redirects it to its own directory, so that references follow the checks a reload keeps or replaces.
    /// </summary>
    public required CheckDirectory Checks { get; init; }

    /// <summary>The HTTP listener's limits (<c>http.max_connections</c> and friends). <value>The default is <see cref="Config.HttpLimits"/>' defaults.</value></summary>
    public HttpLimits HttpLimits { get; init; } = new();

    /// <summary>
    /// Whether the listener (and the control socket) serve the Prometheus scrape at <c>GET /-/metrics</c> and <c>GET /metrics</c>
    /// (<c>http.metrics</c>); a reload applies it at once. <value>The default is true.</value>
    /// </summary>
    public bool HttpMetrics { get; init; } = true;

    /// <summary>
    /// The top-level <c>auth_limits</c>: htpasswd file size and hash cost (already applied to the <see cref="HtpasswdFile"/>s of
    /// <see cref="ControlAuth"/> and of oneshots), the verifier pool and the failure budgets of the HTTP server.
    /// <value>The default is <see cref="AuthLimits.Default"/>.</value>
    /// </summary>
    public AuthLimits AuthLimits { get; init; } = AuthLimits.Default;

    /// <summary>
    /// How often a check that something inside Hale consumes runs on its own loop, unless it has its own <c>every</c>
    /// (<c>check_every</c>). <value>The default is 1 second.</value>
    /// </summary>
    public TimeSpan CheckEvery { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A canonical text of what makes each service's process what it is, by name: when a service's
    /// <see cref="ServiceFingerprints"/> changed but this did not, a reload applies it without restarting the process.
    /// <value>The default is empty: every change restarts.</value>
    /// </summary>
    public IReadOnlyDictionary<string, string> ServiceProcessFingerprints { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// A canonical text of each action's definition, by name: a reload keeps the running action (and whether it is promoted)
    /// when it did not change. <value>The default is empty: every action counts as changed.</value>
    /// </summary>
    public IReadOnlyDictionary<string, string> ActionFingerprints { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Problems found while loading that do not make the file invalid, each naming what it is about: a state file in
    /// <see cref="StateDirectory"/> that cannot be read or holds an unknown value (its check starts from its default state).
    /// <c>hale check</c> prints them and the engine logs them at warning. <value>The default is empty.</value>
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>This Hale's node name (<c>node:</c>), matched against failover group members. <value>The default is the short host name.</value></summary>
    internal string Node { get; init; } = string.Empty;

    /// <summary>The <c>coordinator: local</c> failover groups (<c>groups:</c>), in file order. <value>The default is empty.</value></summary>
    internal IReadOnlyList<LocalGroupDefinition> Groups { get; init; } = [];

    /// <summary>The <c>coordinator: etcd</c> failover groups, in file order (<c>groups:</c>).</summary>
    internal IReadOnlyList<Hale.Failover.Election.ElectionGroupDefinition> ElectionGroups { get; init; } = [];

    /// <summary>Where the <c>coordinator: etcd</c> groups meet (<c>etcd:</c>); null when not configured.</summary>
    internal Hale.Failover.Election.CoordinationSettings? Coordination { get; init; }

    /// <summary>The file the configuration came from, as the caller named it.</summary>
    public string SourcePath { get; }

    /// <summary>The HTTP end points (<c>http.listen</c>), at least one. <value>The default is 127.0.0.1:8080.</value></summary>
    public IReadOnlyList<IPEndPoint> Listen { get; }

    /// <summary>The absolute directory of operator state (<c>state_dir</c>). <value>The default is <c>./state</c> beside the file.</value></summary>
    public string StateDirectory { get; }

    /// <summary>The store over <see cref="StateDirectory"/> that toggles and oneshots persist into.</summary>
    public IOperatorStateStore StateStore { get; }

    /// <summary>The top-level checks, in file order.</summary>
    public IReadOnlyList<ComponentDefinition> Components { get; }

    /// <summary>The supervised services (<c>services</c>), in file order.</summary>
    public IReadOnlyList<ServiceDefinition> Services { get; }

    /// <summary>A canonical text of each service's own definition, by name: a reload restarts only services whose text changed.</summary>
    public IReadOnlyDictionary<string, string> ServiceFingerprints { get; }

    /// <summary>The promotion/demotion actions (<c>actions</c>), in file order.</summary>
    public IReadOnlyList<ActionDefinition> Actions { get; }

    /// <summary>How often actions are evaluated (<c>action_interval</c>). <value>The default is 5 seconds.</value></summary>
    public TimeSpan ActionInterval { get; }

    /// <summary>Resolves the service references of checks and actions; attach the <see cref="Supervisor"/> that runs <see cref="Services"/>.</summary>
    public ServiceDirectory ServiceDirectory { get; }

    /// <summary>Who may control services over TCP (<c>http.auth.htpasswd</c>); null when not configured.</summary>
    public ICredentialVerifier? ControlAuth { get; }

    /// <summary>The load balancers (top-level <c>haproxy:</c>), in file order; empty when none.</summary>
    public IReadOnlyList<BalancerDefinition> Balancers { get; }

    /// <summary>The servers that services and top-level checks drive (their <c>haproxy:</c> keys): services first, each in file order.</summary>
    public IReadOnlyList<LoadBalancerBinding> BalancerBindings { get; }
}
