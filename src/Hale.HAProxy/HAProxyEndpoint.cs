using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Hale.HAProxy;

/// <summary>
/// Where HAProxy's stats socket is: <c>tcp://HOST:PORT</c>, <c>tcp://[::1]:PORT</c> or <c>unix:///path</c>.
/// Immutable, thread-safe.
/// </summary>
public sealed class HAProxyEndpoint
{
    private HAProxyEndpoint(string text, string? host, int port, string? path)
    {
        Text = text;
        Host = host;
        Port = port;
        UnixPath = path;
    }

    /// <summary>The text it was parsed from.</summary>
    public string Text { get; }

    /// <summary>The host of a TCP endpoint (without brackets for IPv6), null for a unix socket.</summary>
    public string? Host { get; }

    /// <summary>The port of a TCP endpoint (1..65535), 0 for a unix socket.</summary>
    public int Port { get; }

    /// <summary>The path of a unix socket, null for TCP.</summary>
    public string? UnixPath { get; }

    /// <summary>Whether this is a unix socket.</summary>
    public bool IsUnix => UnixPath is not null;

    /// <summary>Parses an endpoint.</summary>
    /// <param name="text">The text, e.g. <c>tcp://127.0.0.1:9902</c>.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="FormatException">Not one of the forms; the message is <see cref="InvalidMessage"/>.</exception>
    public static HAProxyEndpoint Parse(string text) =>
        TryParse(text, out var endpoint) ? endpoint : throw new FormatException(InvalidMessage(text));

    /// <summary>Parses an endpoint.</summary>
    /// <param name="text">The text.</param>
    /// <param name="endpoint">The endpoint, when the text is valid.</param>
    /// <returns>Whether the text is valid.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HAProxyEndpoint? endpoint)
    {
        endpoint = null;
        if (text is null)
        {
            return false;
        }

        if (text.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = text["unix://".Length..];
            if (path.Length < 2 || path[0] != '/' || path.Contains('\0', StringComparison.Ordinal))
            {
                return false;
            }

            endpoint = new HAProxyEndpoint(text, null, 0, path);
            return true;
        }

        if (!text.StartsWith("tcp://", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text["tcp://".Length..];
        string host;
        string portText;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf("]:", StringComparison.Ordinal);
            if (close < 2)
            {
                return false;
            }

            host = rest[1..close];
            portText = rest[(close + 2)..];
            if (!IPAddress.TryParse(host, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else
        {
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon < 1 || rest.IndexOf(':', colon + 1) >= 0)
            {
                return false;
            }

            host = rest[..colon];
            portText = rest[(colon + 1)..];
            if (host.Any(c => char.IsWhiteSpace(c) || c == '/'))
            {
                return false;
            }
        }

        if (portText.Length == 0 || !portText.All(char.IsAsciiDigit)
            || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        endpoint = new HAProxyEndpoint(text, host, port, null);
        return true;
    }

    /// <summary>The error text for an invalid endpoint, as supervisor-haproxy prints it.</summary>
    /// <param name="text">The invalid text.</param>
    /// <returns><c>Invalid socket '&lt;text&gt;', must be of form "tcp://127.0.0.1:9902"</c>.</returns>
    public static string InvalidMessage(string? text) => $"Invalid socket {PythonRepr.Of(text ?? string.Empty)}, must be of form \"tcp://127.0.0.1:9902\"";

    /// <summary>The socket address to connect to.</summary>
    /// <returns>A unix, IP or DNS end point.</returns>
    public EndPoint ToEndPoint()
    {
        if (UnixPath is not null)
        {
            return new UnixDomainSocketEndPoint(UnixPath);
        }

        return IPAddress.TryParse(Host, out var address) ? new IPEndPoint(address, Port) : new DnsEndPoint(Host!, Port);
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
