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
}
