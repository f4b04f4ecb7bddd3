namespace Hale.LoadBalancers;

/// <summary>A server of a load balancer's backend, as HAProxy names it: <c>BACKEND/SERVER</c>.</summary>
/// <param name="Backend">The backend (proxy) name.</param>
/// <param name="Server">The server name; may contain <c>/</c>.</param>
public sealed record ServerAddress(string Backend, string Server)
{
    /// <summary>Parses <c>BACKEND/SERVER</c>, split at the first <c>/</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The address.</returns>
    /// <exception cref="FormatException">No <c>/</c>, or an empty part.</exception>
    public static ServerAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1)
        {
            throw new FormatException($"'{text}' is not BACKEND/SERVER");
        }

        return new ServerAddress(text[..slash], text[(slash + 1)..]);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Backend}/{Server}";
}
