using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Hale.Config.Values;

/// <summary>
/// Parses end points written as <c>HOST:PORT</c>: an IPv4 literal, a bracketed IPv6 literal (<c>[::1]:8080</c>)
/// or <c>localhost</c> (IPv4 loopback). Host names are not resolved: what Hale binds is explicit.
/// </summary>
internal static partial class EndPointParser
{
    /// <summary>An <c>http.listen</c> entry: <c>HOST:PORT</c>, port 0..65535 (0 = ephemeral).</summary>
    public static bool TryParseListen(string text, [NotNullWhen(true)] out IPEndPoint? endPoint, [NotNullWhen(false)] out string? error)
    {
        endPoint = null;
        if (!TrySplit(text, out var host, out var portText, out error))
        {
            return false;
        }

        if (portText is null)
        {
            error = $"'{text}' needs a port: HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080";
            return false;
        }

        if (!TryAddress(host, out var address, out error) || !TryPort(portText, out var port, out error))
        {
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        return true;
    }

    /// <summary>A TCP probe's <c>source</c>: <c>ADDR</c> or <c>ADDR:PORT</c> (port 0..65535, 0 or absent = any).</summary>
    public static bool TryParseSource(string text, [NotNullWhen(true)] out IPEndPoint? endPoint, [NotNullWhen(false)] out string? error)
    {
        endPoint = null;
        if (text.Count(c => c == ':') > 1 && !text.StartsWith('[') && IPAddress.TryParse(text, out var bare))
        {
            error = null;
            endPoint = new IPEndPoint(bare, 0);
            return true;
        }

        if (!TrySplit(text, out var host, out var portText, out error))
        {
            return false;
        }

        var port = 0;
        if (!TryAddress(host, out var address, out error) || (portText is not null && !TryPort(portText, out port, out error)))
        {
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        return true;
    }

    private static bool TrySplit(string text, out string host, out string? port, [NotNullWhen(false)] out string? error)
    {
        host = text;
        port = null;
        error = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                error = $"'{text}' is not [IPv6] or [IPv6]:PORT";
                return false;
            }

            host = text[1..close];
            port = close + 1 < text.Length ? text[(close + 2)..] : null;
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"'{host}' is not an IPv6 address";
                return false;
            }

            return true;
        }

        var colons = text.Count(c => c == ':');
        if (colons > 1)
        {
            error = $"'{text}': write an IPv6 address in brackets, e.g. [::1]:8080";
            return false;
        }

        if (colons == 1)
        {
            var at = text.IndexOf(':', StringComparison.Ordinal);
            host = text[..at];
            port = text[(at + 1)..];
        }

        return true;
    }

    private static bool TryAddress(string host, [NotNullWhen(true)] out IPAddress? address, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
            return true;
        }

        if (host.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(host, out address))
        {
            return true;
        }

        if (DottedQuad().IsMatch(host) && IPAddress.TryParse(host, out address))
        {
            return true;
        }

        address = null;
        error = $"'{host}' is not an IPv4 address, [IPv6] address or localhost";
        return false;
    }

    private static bool TryPort(string text, out int port, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            error = $"port '{text}' is not a number";
            return false;
        }

        if (port > 65535)
        {
            error = $"port {port} is out of range 0..65535";
            return false;
        }

        return true;
    }

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedQuad();
}
