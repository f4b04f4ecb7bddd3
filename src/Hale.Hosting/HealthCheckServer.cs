using System.Net;
using Hale.Checks;
using Hale.Config;
using Hale.Hosting.Events;
using Hale.Hosting.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Hale.Text;

namespace Hale.Hosting;

/// <summary>
/// An HTTP server that tells load balancers the health of named components (failover's <c>HealthCheckServer</c>), on Kestrel.
/// </summary>
/// <remarks>
/// <para>Each component is served at <c>/NAME</c>: GET/HEAD answer 200 <c>OK</c>, 503 <c>FAIL</c> or 500 <c>ERROR</c>;
/// POST fires the component's on_post (see COMPAT.md §1); <c>GET /-/status</c> answers JSON of every component.</para>
/// <para>Components are added before <see cref="StartAsync"/>; adding later throws. Background loops of every
/// component are started by <see cref="StartAsync"/> and stopped by <see cref="StopAsync"/>. A component that is
/// not <see cref="CheckStatus.Ok"/> never delays another: each request evaluates only its own component, and
/// concurrent requests for one component share one evaluation.</para>
/// <para>Connections, header sizes and idle times are bounded by <see cref="HealthCheckServerOptions.Limits"/>: a connection
/// past <see cref="HttpLimits.MaxConnections"/> is closed at once, unserved; upgrades (WebSockets) are refused and request
/// bodies are limited to 64 KiB.</para>
/// </remarks>
/// <example>
/// <code>
/// var server = new HealthCheckServer(port: 8080);
/// server.AddComponent("example-1", new TcpCheck("192.0.2.1", 25, TimeSpan.FromSeconds(10)));
/// await server.RunAsync();
/// </code>
/// </example>
public sealed class HealthCheckServer : IAsyncDisposable
{
    /// <summary>The largest request body read (no endpoint reads one; POSTs act on their path).</summary>
    private const long MaxRequestBodyBytes = 64 * 1024;

    private readonly HealthCheckServerOptions _options;
    private readonly List<Component> _components = [];
    private readonly ILogger _logger;
    private readonly TransitionJournal _journal;
    private WebApplication? _app;
    private ControlSocketBinding? _controlSocket;
    private ComponentRoutes _routes = new([]);
    private CredentialVerifierPool? _verifiers;

    /// <summary>Creates a server on 127.0.0.1:<paramref name="port"/>.</summary>
    /// <param name="port">0..65535; 0 picks a free port.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is out of range.</exception>
    public HealthCheckServer(int port = 8080)
        : this(new HealthCheckServerOptions { Listen = [new IPEndPoint(IPAddress.Loopback, port)] })
    {
    }

    /// <summary>Creates a server.</summary>
    /// <param name="options">Where to listen, the clock and logging.</param>
    /// <exception cref="ArgumentException">No listen address is given.</exception>
    public HealthCheckServer(HealthCheckServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Listen.Count == 0)
        {
            throw new ArgumentException("at least one listen address is needed", nameof(options));
        }

        _options = options;
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Hale.Http");
        _journal = options.Events ?? new TransitionJournal(TransitionJournal.DefaultCapacity, options.TimeProvider);
    }

    /// <summary>
    /// The journal <c>GET /-/events</c> streams. When the server manages its checks' lifetimes it records their transitions;
    /// a <see cref="HaleEngine"/> records its own.
    /// </summary>
    internal TransitionJournal Events => _journal;

    /// <summary>The components, in the order added.</summary>
    public IReadOnlyList<Component> Components => _components;

    /// <summary>The addresses actually bound (with the real port when 0 was asked); empty before <see cref="StartAsync"/>.</summary>
    public IReadOnlyList<IPEndPoint> BoundEndPoints { get; private set; } = [];

    /// <summary>Adds a component served at <c>/NAME</c>.</summary>
    /// <param name="name">Not empty, not starting with <c>/</c> or <c>-/</c> (reserved); may contain <c>/</c>.</param>
    /// <param name="check">What GET and HEAD evaluate.</param>
    /// <param name="onPost">What POST does: a <see cref="Combinators.Oneshot"/> is fired after authentication, another check is evaluated; null answers 405.</param>
    /// <returns>The named check wrapping <paramref name="check"/> (share it to refer to this component elsewhere).</returns>
    /// <exception cref="ArgumentException">The name is empty, starts with <c>/</c> or <c>-/</c>, or is taken.</exception>
    /// <exception cref="InvalidOperationException">The server has started.</exception>
    public NamedCheck AddComponent(string name, ICheck check, ICheck? onPost = null)
    {
        ArgumentNullException.ThrowIfNull(check);
        ValidateName(name);
        var named = check as NamedCheck is { } existing && existing.Name == name
            ? existing
            : new NamedCheck(name, check, _options.TimeProvider);
        AddComponent(new Component(named, onPost, Served: true));
        return named;
    }

    /// <summary>Adds a component built elsewhere (e.g. from configuration).</summary>
    /// <param name="component">The component; when not <see cref="Component.Served"/> it runs but answers 404.</param>
    /// <exception cref="ArgumentException">The name is empty, starts with <c>/</c> or <c>-/</c>, or is taken.</exception>
    /// <exception cref="InvalidOperationException">The server has started.</exception>
    public void AddComponent(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        ValidateName(component.Name);
        if (_app is not null)
        {
            throw new InvalidOperationException("components are added before the server starts");
        }

        if (_components.Any(c => c.Name == component.Name))
        {
            throw new ArgumentException($"a component named '{component.Name}' already exists", nameof(component));
        }

        _components.Add(component);
    }

    /// <summary>Starts background checks and begins listening.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>A task that completes when listening.</returns>
    /// <exception cref="IOException">An address is in use or cannot be bound.</exception>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("the server has already started");
        }

        // Bound inside a private directory, then moved into place with its final mode: never reachable by others.
        _controlSocket = _options.ControlSocketPath is { } socketPath ? ControlSocketBinding.Prepare(socketPath) : null;
        // The empty builder: Hale configures Kestrel itself, so no appsettings.json (none read from the working directory, no
        // file watcher thread), no environment-variable configuration and no logging providers but Hale's own.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        if (_options.LoggerFactory is { } factory)
        {
            builder.Services.AddSingleton<ILoggerFactory>(new WebHostLoggerFactory(factory));
        }

        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            var limits = _options.Limits;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeaderBytes;
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            kestrel.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
            kestrel.Limits.MaxConcurrentUpgradedConnections = 0;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            var cap = new ConnectionCap(limits.MaxConnections, _logger);
            foreach (var endPoint in _options.Listen)
            {
                kestrel.Listen(endPoint, listen => listen.Use(cap.Wrap));
            }

            if (_controlSocket is { } socket)
            {
                kestrel.ListenUnixSocket(socket.BindPath, listen => listen.Use(next => connection =>
                {
                    connection.Items[ServiceControl.TrustedConnectionKey] = true;
                    return next(connection);
                }));
            }
        });

        var app = builder.Build();
        Volatile.Write(ref _routes, new ComponentRoutes([.. _components]));
        app.Run(CreateHandler());

        foreach (var component in _components)
        {
            Attach(component);
        }

        _app = app;
        try
        {
            if (_controlSocket is { } binding)
            {
                _options.BeforeControlSocketBind?.Invoke(binding.BindPath);
            }

            await app.StartAsync(cancellationToken);
            _controlSocket?.Publish();
        }
        catch
        {
            _controlSocket?.Remove();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        BoundEndPoints = [.. addresses.Where(a => a.StartsWith("http://", StringComparison.Ordinal) && !a.StartsWith("http://unix:", StringComparison.Ordinal)).Select(a => IPEndPoint.Parse(new Uri(a).Authority))];
        var listening = string.Join(", ", addresses);
        Log.Listening(_logger, _routes.ServedCount, _controlSocket is { } published ? listening.Replace(published.BindPath, published.Path, StringComparison.Ordinal) : listening);
    }

    /// <summary>
    /// The request handler of this server's components, status and service control, for hosting them in another ASP.NET Core
    /// application (see <see cref="HaleEndpointRouteBuilderExtensions.MapHaleEndpoints"/>): the path after the mapped prefix
    /// is the component's name. It follows <see cref="ReplaceComponentsAsync"/>.
    /// </summary>
    /// <returns>The handler; thread-safe.</returns>
    internal RequestDelegate CreateHandler()
    {
        var limits = _options.AuthLimits;
        var limiter = new AuthFailureLimiter(limits.FailuresPerClient, limits.FailuresTotal, limits.FailureWindow, _options.TimeProvider);
        var pool = LazyInitializer.EnsureInitialized(ref _verifiers, () => new CredentialVerifierPool(limits.VerifyThreads, limits.VerifyQueue));
        var gate = new BasicAuthGate(limiter, pool, _logger, _options.TimeProvider);
        var control = _options.Services is { } services ? new ServiceControl(services, _options.ControlAuth, gate) : null;
        var access = new StatusAccess(_options.ControlAuth, gate);
        var explain = new ExplainEndpoint(new Explain.Explainer(new Explain.ExplainSources(() => Volatile.Read(ref _routes).All, _options.Services, _options.Actions, _options.LoadBalancers, _options.LoadBalancerBindings, _options.Groups)), access, _options.TimeProvider);
        var logs = _options.Services is { } supervised ? new ServiceLogsEndpoint(supervised, _options.ControlAuth, gate) : null;
        var window = new OperatorWindow(new EventStreamEndpoint(_journal, _options.EventStreams, access, _options.TimeProvider, _logger));
        var endpoint = new ComponentEndpoint(() => Volatile.Read(ref _routes), new OperatorPostHandler(gate, _logger), control, _options.Services, _options.LoadBalancers, _options.Groups, access, _options.TimeProvider, _logger, explain, logs, window);
        RequestDelegate handler = endpoint.HandleAsync;
        return _options.Metrics is { } metrics ? new MetricsEndpoint(metrics, _options.MetricsEnabled, () => Volatile.Read(ref _routes)).Wrap(handler) : handler;
    }

    /// <summary>Makes the components served by <see cref="CreateHandler"/> before (or without) <see cref="StartAsync"/>.</summary>
    internal void PublishRoutes() => Volatile.Write(ref _routes, new ComponentRoutes([.. _components]));

    /// <summary>Starts, then serves until <paramref name="cancellationToken"/> is cancelled, then stops.</summary>
    /// <param name="cancellationToken">Ends serving.</param>
    /// <returns>A task that completes after the server has stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _options.TimeProvider, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        await StopAsync(CancellationToken.None);
    }

    /// <summary>Stops listening (letting requests in progress finish) and stops the background loops.</summary>
    /// <param name="cancellationToken">Makes the shutdown ungraceful.</param>
    /// <returns>A task that completes when stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var app = _app;
        if (app is null)
        {
            return;
        }

        await app.StopAsync(cancellationToken);
        _controlSocket?.Remove();
        foreach (var component in _components)
        {
            await DetachAsync(component);
        }
    }

    /// <summary>
    /// Replaces every component while serving (a configuration reload): the new ones' background loops start, the table is
    /// swapped at once (a request sees the old table or the new one), then the old ones' loops stop.
    /// </summary>
    /// <param name="components">The new components.</param>
    /// <returns>A task that completes when the old components are stopped.</returns>
    /// <exception cref="ArgumentException">A name is empty, reserved or duplicated; nothing was changed.</exception>
    public async Task ReplaceComponentsAsync(IReadOnlyList<Component> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            ValidateName(component.Name);
            if (!names.Add(component.Name))
            {
                throw new ArgumentException($"a component named '{component.Name}' already exists", nameof(components));
            }
        }

        var old = _components.ToList();
        var retained = new HashSet<NamedCheck>(components.Select(c => c.Check), ReferenceEqualityComparer.Instance);
        var attached = new HashSet<NamedCheck>(old.Select(c => c.Check), ReferenceEqualityComparer.Instance);
        foreach (var component in components.Where(c => !attached.Contains(c.Check)))
        {
            Attach(component);
        }

        _components.Clear();
        _components.AddRange(components);
        Volatile.Write(ref _routes, new ComponentRoutes([.. components]));
        foreach (var component in old.Where(c => !retained.Contains(c.Check)))
        {
            await DetachAsync(component);
        }
    }

    /// <summary>Stops the server and releases Kestrel.</summary>
    /// <returns>A task that completes when disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _verifiers?.Dispose();
    }

    private void Attach(Component component)
    {
        if (!_options.ManageCheckLifetimes)
        {
            return;
        }

        component.Check.Transitioned += OnTransition;
        CheckTree.StartAll(component.Check);
        if (component.OnPost is { } onPost)
        {
            CheckTree.StartAll(onPost);
        }
    }

    private async Task DetachAsync(Component component)
    {
        if (!_options.ManageCheckLifetimes)
        {
            return;
        }

        component.Check.Transitioned -= OnTransition;
        foreach (var check in CheckTree.Walk(component.Check))
        {
            if (check is IAsyncDisposable disposable and IStartableCheck)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.StartsWith('/') || name.StartsWith("-/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"component name '{name}' must not start with '/' or '-/'", nameof(name));
        }
    }

    private void OnTransition(CheckTransition t)
    {
        Log.Transition(_logger, t.Check, t.To, t.From?.ToString() ?? "unknown", SafeText.ForLog(t.Cause));
        _journal.RecordCheck(t);
    }
}
