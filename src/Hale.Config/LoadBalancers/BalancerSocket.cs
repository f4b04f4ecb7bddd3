using System.Globalization;
using System.Net;

namespace Hale.Config.LoadBalancers;

/// <summary>The syntax of a load balancer's runtime API address: <c>tcp://HOST:PORT</c>, <c>tcp://[IPv6]:PORT</c> or <c>unix:///path</c>. Nothing is resolved or connected.</summary>
internal static class BalancerSocket
{
    /// <summary>The accepted forms, for error messages.</summary>
    public const string Forms = "tcp://HOST:PORT, tcp://[IPv6]:PORT or unix:///absolute/path";

    /// <summary>Whether <paramref name="text"/> is one of the accepted forms.</summary>
    public static bool IsValid(string text)
    {
        if (text.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = text["unix://".Length..];
            return path.Length > 1 && path[0] == '/' && !path.Contains('\0', StringComparison.Ordinal);
        }

        if (!text.StartsWith("tcp://", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text["tcp://".Length..];
        string host;
        string port;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = rest[1..close];
            port = rest[(close + 2)..];
            if (!IPAddress.TryParse(host, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            if (colon <= 0)
            {
                return false;
            }

            host = rest[..colon];
            port = rest[(colon + 1)..];
            if (host.Contains(':', StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal) || host.Any(char.IsWhiteSpace))
            {
                return false;
            }
        }

        return port.All(char.IsAsciiDigit)
            && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number is >= 1 and <= 65535;
    }
}
