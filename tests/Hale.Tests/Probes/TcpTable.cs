using System.Globalization;

namespace Hale.Tests.Probes;

/// <summary>This network namespace's TCP sockets as Linux lists them in <c>/proc/net/tcp</c> and <c>/proc/net/tcp6</c>.</summary>
internal static class TcpTable
{
    private const string TimeWait = "06";
    private const string SynSent = "02";

    /// <summary>The sockets in TIME_WAIT whose remote port is <paramref name="port"/> (a client's, after it closed first).</summary>
    /// <param name="port">The remote port.</param>
    /// <returns>Each socket's line, as the kernel wrote it.</returns>
    public static IReadOnlyList<string> TimeWaitTo(int port) => InStateTo(TimeWait, port);

    /// <summary>The sockets whose connect to remote port <paramref name="port"/> is in progress (SYN_SENT).</summary>
    /// <param name="port">The remote port.</param>
    /// <returns>Each socket's line, as the kernel wrote it.</returns>
    public static IReadOnlyList<string> ConnectingTo(int port) => InStateTo(SynSent, port);

    private static List<string> InStateTo(string state, int port)
    {
        var found = new List<string>();
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
        {
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                // sl local_address rem_address st ...; addresses are HEXADDR:HEXPORT.
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[3] == state
                    && int.Parse(fields[2][(fields[2].IndexOf(':', StringComparison.Ordinal) + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    found.Add(line.Trim());
                }
            }
        }

        return found;
    }
}
