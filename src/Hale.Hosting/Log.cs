using Hale.Checks;
using Microsoft.Extensions.Logging;

namespace Hale.Hosting;

/// <summary>Hale.Hosting's log messages, with stable event ids (1000-1099).</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Serving {Count} components on {Addresses}")]
    public static partial void Listening(ILogger logger, int count, string addresses);

    [LoggerMessage(1001, LogLevel.Information, "Check {Check} is now {To} (was {From}): {Cause}")]
    public static partial void Transition(ILogger logger, string check, CheckStatus to, string from, string cause);

    [LoggerMessage(1002, LogLevel.Warning, "POST /{Component}: armed by {User} from {Client}")]
    public static partial void Armed(ILogger logger, string component, string user, string client);

    [LoggerMessage(1003, LogLevel.Warning, "POST /{Component}: invalid credentials for user '{User}' from {Client}")]
    public static partial void InvalidCredentials(ILogger logger, string component, string user, string client);

    [LoggerMessage(1004, LogLevel.Error, "POST /{Component}: credentials cannot be checked: {Error}")]
    public static partial void CredentialsUnavailable(ILogger logger, string component, string error);

    [LoggerMessage(1005, LogLevel.Warning, "POST /{Component}: {Client} is rate limited after too many failed authentications")]
    public static partial void RateLimited(ILogger logger, string component, string client);

    [LoggerMessage(1006, LogLevel.Error, "Check {Check} failed to evaluate: {Detail}")]
    public static partial void CheckError(ILogger logger, string check, string detail);

    [LoggerMessage(1007, LogLevel.Information, "POST /{Component}: on_post answered {Status}")]
    public static partial void PostEvaluated(ILogger logger, string component, CheckStatus status);

    [LoggerMessage(1010, LogLevel.Information, "Action {Action} {Side}: {Command}: {Result}")]
    public static partial void ActionRan(ILogger logger, string action, Hale.Actions.ActionSide side, string command, string result);

    [LoggerMessage(1011, LogLevel.Warning, "Action {Action} {Side} failed (retried next cycle): {Command}: {Result}")]
    public static partial void ActionFailed(ILogger logger, string action, Hale.Actions.ActionSide side, string command, string result);

    [LoggerMessage(1012, LogLevel.Error, "Action {Action} failed to run a cycle")]
    public static partial void ActionCycleFailed(ILogger logger, Exception exception, string action);

    [LoggerMessage(1013, LogLevel.Information, "Action {Action} demoted ({Reason}); succeeded: {Succeeded}")]
    public static partial void ActionStoodDown(ILogger logger, string action, string reason, bool succeeded);

    [LoggerMessage(1014, LogLevel.Information, "Reloaded {File}: services added [{Added}], removed [{Removed}], restarted [{Restarted}], updated in place [{Updated}]; checks kept {Kept}, new {New}; {Actions} actions")]
    public static partial void Reloaded(ILogger logger, string file, string added, string removed, string restarted, string updated, int kept, int @new, int actions);

    [LoggerMessage(1015, LogLevel.Information, "http.listen changed: now serving on {Addresses}")]
    public static partial void Relistened(ILogger logger, string addresses);

    [LoggerMessage(1016, LogLevel.Information, "haproxy changed: {Balancers} load balancers, {Bindings} bindings")]
    public static partial void BalancersReplaced(ILogger logger, int balancers, int bindings);

    [LoggerMessage(1040, LogLevel.Warning, "{File}: {Warning}")]
    public static partial void ConfigurationWarning(ILogger logger, string file, string warning);

    [LoggerMessage(1018, LogLevel.Warning, "POST /{Component}: all clients together are rate limited after too many failed authentications (auth_limits.failures_total); {Client} refused")]
    public static partial void GloballyRateLimited(ILogger logger, string component, string client);

    [LoggerMessage(1019, LogLevel.Warning, "POST /{Component}: too many credential checks waiting (auth_limits.verify_queue); {Client} answered 503")]
    public static partial void VerifierBusy(ILogger logger, string component, string client);

    [LoggerMessage(1020, LogLevel.Warning, "{Warning}")]
    public static partial void CredentialStoreWarning(ILogger logger, string warning);

    [LoggerMessage(1021, LogLevel.Error, "A credential check failed")]
    public static partial void VerifierFailed(ILogger logger, Exception exception);

    [LoggerMessage(1022, LogLevel.Warning, "HTTP connection limit reached ({Limit} open, http.max_connections): further connections are closed at once until some end")]
    public static partial void ConnectionLimitReached(ILogger logger, int limit);

    [LoggerMessage(1023, LogLevel.Information, "HTTP connections below the limit again; {Rejected} connections were closed unserved")]
    public static partial void ConnectionLimitCleared(ILogger logger, long rejected);

    [LoggerMessage(1041, LogLevel.Information, "Group {Group}: {Reason}")]
    public static partial void GroupState(ILogger logger, string group, string reason);

    [LoggerMessage(1042, LogLevel.Information, "Group {Group}: {Verb} {Host}: {Reason}")]
    public static partial void GroupDecision(ILogger logger, string group, string verb, string host, string reason);

    [LoggerMessage(1043, LogLevel.Information, "Group {Group}: {Verb} {Host} ended: {Outcome}")]
    public static partial void GroupCommandEnded(ILogger logger, string group, string verb, string host, string outcome);

    [LoggerMessage(1044, LogLevel.Critical, "Group {Group}: {Reason}")]
    public static partial void GroupHeld(ILogger logger, string group, string reason);

    [LoggerMessage(1045, LogLevel.Error, "Group {Group}: a round failed")]
    public static partial void GroupRoundFailed(ILogger logger, string group, Exception exception);

    [LoggerMessage(1050, LogLevel.Information, "Group {Group}: {Node} {Step}: {Reason}")]
    public static partial void ElectionStep(ILogger logger, string group, string node, string step, string reason);

    [LoggerMessage(1051, LogLevel.Information, "Group {Group}: {Reason}")]
    public static partial void ElectionState(ILogger logger, string group, string reason);

    [LoggerMessage(1052, LogLevel.Warning, "Group {Group}: the coordination store failed ({Operation}): {Error}")]
    public static partial void StoreFailed(ILogger logger, string group, string operation, string error);

    [LoggerMessage(1053, LogLevel.Warning, "Group {Group}: {Verb} command '{Command}' failed: {Outcome}")]
    public static partial void ElectionCommandFailed(ILogger logger, string group, string verb, string command, string outcome);

    [LoggerMessage(1054, LogLevel.Information, "Group {Group}: {Verb} command '{Command}' ended: {Outcome}")]
    public static partial void ElectionCommandEnded(ILogger logger, string group, string verb, string command, string outcome);

    [LoggerMessage(1055, LogLevel.Error, "Group {Group}: a round failed")]
    public static partial void ElectionRoundFailed(ILogger logger, string group, Exception exception);

    [LoggerMessage(1080, LogLevel.Warning, "GET /-/events: {Client} dropped: it fell {Queue} events behind")]
    public static partial void EventClientDropped(ILogger logger, string client, int queue);

    [LoggerMessage(1081, LogLevel.Warning, "GET /-/events: {Client} refused: {Max} streams are open already")]
    public static partial void EventStreamsFull(ILogger logger, int max, string client);

    [LoggerMessage(1082, LogLevel.Warning, "{Method} /{Path} from {Client} refused: cross-site request (Origin '{Origin}', Sec-Fetch-Site '{Site}')")]
    public static partial void CrossSiteRefused(ILogger logger, string method, string path, string client, string origin, string site);

    [LoggerMessage(1090, LogLevel.Warning, "A component is named 'metrics': GET /metrics answers it, and the Prometheus metrics are at GET /-/metrics only (set http.metrics: false, or rename the component, to silence this)")]
    public static partial void MetricsShadowed(ILogger logger);

    [LoggerMessage(1091, LogLevel.Warning, "Metrics: {Outgrown} outgrow the series kept since start: the rest share one otel_metric_overflow series until Hale restarts")]
    public static partial void MetricsOutgrown(ILogger logger, string outgrown);
}
