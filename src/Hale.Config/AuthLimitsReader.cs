using Hale.Auth;
using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config;

/// <summary>
/// The top-level <c>auth_limits</c> section: htpasswd file size and hash cost limits (for <c>http.auth</c> and every
/// oneshot's <c>auth</c>), the verifier pool and the failure budgets. Every key is optional; see <see cref="AuthLimits"/>.
/// </summary>
internal static class AuthLimitsReader
{
    /// <summary>The keys of <c>auth_limits:</c>.</summary>
    public static readonly MappingSpec Spec = new(
        "Limits on credential checks (http.auth and every oneshot's auth): the htpasswd files, the verifier pool and the failure budgets.",
        new("max_file_bytes", SchemaNode.Integer(1, int.MaxValue), "The largest htpasswd file read, in bytes. Default 1048576."),
        new("max_bcrypt_cost", SchemaNode.Integer(4, 31), "The highest bcrypt cost accepted in an htpasswd line. Default 14."),
        new("max_crypt_rounds", SchemaNode.Integer(1000, 999_999_999), "The most rounds accepted in a sha-crypt line. Default 1000000."),
        new("verify_threads", SchemaNode.Integer(1, 64), "Credential checks run at once. Default: the number of processors minus one, at least 1."),
        new("verify_queue", SchemaNode.Integer(1, 10_000), "Credential checks that may wait for a thread; past that, 503. Default 16."),
        new("failures_per_client", SchemaNode.Integer(1, 1_000_000), "Failed authentications per client address within failure_window, then 429. Default 5."),
        new("failures_total", SchemaNode.Integer(1, 1_000_000), "Failed authentications of all clients within failure_window, then 429 for everyone. Default 50."),
        new("failure_window", ValueSchemas.Duration, "The sliding window of both failure budgets; more than zero. Default 10s."));

    public static AuthLimits Read(YamlNode? node, ErrorSink errors)
    {
        var limits = AuthLimits.Default;
        if (node is null
            || MappingReader.Open(node, errors, "auth_limits", Spec) is not { } map)
        {
            return limits;
        }

        int? Integer(string key, int min, int max) =>
            map.Optional(key) is { } value ? YamlValues.Integer(value, errors, $"auth_limits.{key}", min, max) : null;

        var window = map.Optional("failure_window") is { } w ? ConfigValues.Duration(w, errors, "auth_limits.failure_window", positive: true) : null;
        return limits with
        {
            MaxFileBytes = Integer("max_file_bytes", 1, int.MaxValue) ?? limits.MaxFileBytes,
            MaxBcryptCost = Integer("max_bcrypt_cost", 4, 31) ?? limits.MaxBcryptCost,
            MaxCryptRounds = Integer("max_crypt_rounds", 1000, 999_999_999) ?? limits.MaxCryptRounds,
            VerifyThreads = Integer("verify_threads", 1, 64) ?? limits.VerifyThreads,
            VerifyQueue = Integer("verify_queue", 1, 10_000) ?? limits.VerifyQueue,
            FailuresPerClient = Integer("failures_per_client", 1, 1_000_000) ?? limits.FailuresPerClient,
            FailuresTotal = Integer("failures_total", 1, 1_000_000) ?? limits.FailuresTotal,
            FailureWindow = window ?? limits.FailureWindow,
        };
    }
}
