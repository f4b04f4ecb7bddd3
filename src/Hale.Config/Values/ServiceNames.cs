namespace Hale.Config.Values;

/// <summary>Resolves TCP service names (<c>smtp</c>) to ports through the services database, <c>/etc/services</c>.</summary>
internal static class ServiceNames
{
    public const string DefaultPath = "/etc/services";

    /// <summary>The TCP port of a service name or alias, matched exactly.</summary>
    /// <param name="name">E.g. <c>smtp</c> or its alias <c>mail</c>.</param>
    /// <param name="servicesFile">The database; <see cref="DefaultPath"/> in production.</param>
    /// <param name="port">The port, when found.</param>
    /// <returns>Whether the name is a TCP service in the file; false too when the file cannot be read.</returns>
    public static bool TryResolve(string name, string servicesFile, out int port)
    {
        port = 0;
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(servicesFile);
            foreach (var line in lines)
            {
                if (TryMatch(line, name, out port))
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return false;
    }

    /// <summary>Matches one line of the database: <c>name port/proto [aliases...] [# comment]</c>.</summary>
    internal static bool TryMatch(string line, string name, out int port)
    {
        port = 0;
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        var fields = (hash >= 0 ? line[..hash] : line).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2)
        {
            return false;
        }

        var portAndProtocol = fields[1].Split('/');
        if (portAndProtocol.Length != 2
            || !portAndProtocol[1].Equals("tcp", StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(portAndProtocol[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var found)
            || found is < 1 or > 65535)
        {
            return false;
        }

        var names = fields.Where((_, i) => i != 1);
        if (!names.Contains(name, StringComparer.Ordinal))
        {
            return false;
        }

        port = found;
        return true;
    }
}
