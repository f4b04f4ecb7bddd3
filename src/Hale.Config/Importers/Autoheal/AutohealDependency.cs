namespace Hale.Config.Importers.Autoheal;

/// <summary>One entry of a service's <c>dep</c>: a TCP (<see cref="Host"/>, <see cref="Port"/>) or an HTTP (<see cref="Url"/>) check. Immutable.</summary>
/// <param name="Name">The <c>name</c> (a label for logs); <c>HOST:PORT</c> or the URL when not given.</param>
/// <param name="Host">The TCP dependency's host; null for HTTP.</param>
/// <param name="Port">The TCP dependency's port, 1..65535; null for HTTP.</param>
/// <param name="Url">The HTTP dependency's absolute http or https URL; null for TCP.</param>
/// <param name="Line">The 1-based line of the entry.</param>
internal sealed record AutohealDependency(string Name, string? Host, int? Port, string? Url, int Line)
{
    /// <summary>The TCP connect timeout autoheal used: 3 seconds.</summary>
    public const int TcpTimeoutSeconds = 3;

    /// <summary>The HTTP timeout autoheal used: 10 seconds.</summary>
    public const int HttpTimeoutSeconds = 10;

    /// <summary>Where it is checked: <c>HOST:PORT</c> or the URL.</summary>
    public string Target => Url ?? $"{Host}:{Port}";
}
