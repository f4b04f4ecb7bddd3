using Hale.Actions;
using Hale.Auth;
using Hale.Services;

namespace Hale.Config;

/// <summary>What <c>services</c>, <c>actions</c>, <c>action_interval</c> and <c>http.auth</c> were read into.</summary>
internal sealed record ServiceSection(
    IReadOnlyList<ServiceDefinition> Definitions,
    IReadOnlyDictionary<string, string> Fingerprints,
    IReadOnlyList<ActionDefinition> Actions,
    TimeSpan ActionInterval,
    ServiceDirectory Directory,
    ICredentialVerifier? ControlAuth);
