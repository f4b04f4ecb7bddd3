using Hale.Auth;
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
    public static AuthLimits Read(YamlNode? node, ErrorSink errors)
    {
        var limits = AuthLimits.Default;
        if (node is null
            || MappingReader.Open(node, errors, "auth_limits", "max_file_bytes", "max_bcrypt_cost", "max_crypt_rounds", "verify_threads", "verify_queue", "failures_per_client", "failures_total", "failure_window") is not { } map)
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
