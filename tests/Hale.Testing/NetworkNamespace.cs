using System.Diagnostics;
using System.Globalization;

namespace Hale.Testing;

/// <summary>
/// A Linux network namespace for a test (<c>ip netns</c>) joined to this host by a veth pair on a random /30 of 10.213.0.0/16:
/// the host side is <see cref="HostAddress"/>, the inside <see cref="InsideAddress"/> (and <c>lo</c> is up). A process started
/// through <see cref="ExecPrefix"/> runs inside it. <see cref="Cut"/> drops TCP from the inside to some host ports with an
/// nftables table inside the namespace (or, without <c>nft</c>, takes the link down); <see cref="Dispose"/> deletes the table,
/// the namespace and the veth pair, whatever state they are in. Needs root, or <c>sudo -n</c> (as CI has).
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private const string Table = "haletest";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private readonly string _hostLink;
    private readonly string _insideLink;
    private bool _linkDown;

    private NetworkNamespace(string name, string hostLink, string insideLink, string hostAddress, string insideAddress)
    {
        Name = name;
        _hostLink = hostLink;
        _insideLink = insideLink;
        HostAddress = hostAddress;
        InsideAddress = insideAddress;
    }

    /// <summary>The namespace's name (<c>hale-XXXXXX</c>).</summary>
    public string Name { get; }

    /// <summary>The host side's IPv4 address: what a process inside reaches the host by.</summary>
    public string HostAddress { get; }

    /// <summary>The inside's IPv4 address: what the host reaches a process inside by.</summary>
    public string InsideAddress { get; }

    /// <summary>Whether traffic is cut (<see cref="Cut"/> was called and not undone).</summary>
    public bool IsCut { get; private set; }

    /// <summary>The command line that runs a program inside the namespace: prefix it to the program and its arguments.</summary>
    public IReadOnlyList<string> ExecPrefix => [.. Sudo, "ip", "netns", "exec", Name];

    /// <summary>Whether namespaces can be made here: <c>ip</c> is installed and this is root or <c>sudo -n</c> works.</summary>
    public static bool IsSupported =>
        (File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip") || File.Exists("/usr/bin/ip"))
        && (Environment.UserName == "root" || TryRun(["sudo", "-n", "true"]) == 0);

    /// <summary>Whether nftables' <c>nft</c> is installed (scripts/test.sh installs it); without it <see cref="Cut"/> takes the link down.</summary>
    public static bool HasNft => File.Exists("/usr/sbin/nft") || File.Exists("/sbin/nft") || File.Exists("/usr/bin/nft");

    private static string[] Sudo => Environment.UserName == "root" ? [] : ["sudo", "-n"];

    /// <summary>Creates the namespace and its veth pair, addressed and up.</summary>
    /// <returns>The namespace; dispose it.</returns>
    /// <exception cref="InvalidOperationException">An <c>ip</c> command failed (its output is in the message).</exception>
    public static NetworkNamespace Create()
    {
        var id = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next())).AsSpan(0, 6).ToString();
        var third = Random.Shared.Next(0, 256);
        var fourth = Random.Shared.Next(0, 64) * 4;
        var space = new NetworkNamespace(
            $"hale-{id}",
            $"hv{id}h",
            $"hv{id}n",
            string.Create(CultureInfo.InvariantCulture, $"10.213.{third}.{fourth + 1}"),
            string.Create(CultureInfo.InvariantCulture, $"10.213.{third}.{fourth + 2}"));
        try
        {
            space.Ip("netns", "add", space.Name);
            space.Ip("link", "add", space._hostLink, "type", "veth", "peer", "name", space._insideLink);
            space.Ip("link", "set", space._insideLink, "netns", space.Name);
            space.Ip("addr", "add", space.HostAddress + "/30", "dev", space._hostLink);
            space.Ip("link", "set", space._hostLink, "up");
            space.Inside("ip", "addr", "add", space.InsideAddress + "/30", "dev", space._insideLink);
            space.Inside("ip", "link", "set", space._insideLink, "up");
            space.Inside("ip", "link", "set", "lo", "up");
            return space;
        }
        catch
        {
            space.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Cuts TCP between the inside and <see cref="HostAddress"/>'s <paramref name="ports"/>: an nftables table in the namespace drops
    /// what the inside sends to them (and what they answer), so calls hang until their deadline, as on a real partition. The rest of
    /// the link (e.g. the test's own HTTP queries to the inside) keeps working. Without <c>nft</c> the inside's link goes down.
    /// </summary>
    /// <param name="ports">The host's ports to cut off.</param>
    public void Cut(IEnumerable<int> ports)
    {
        if (HasNft)
        {
            var set = string.Join(", ", ports.Select(p => p.ToString(CultureInfo.InvariantCulture)));
            Inside("nft", "add", "table", "inet", Table);
            Inside("nft", "add", "chain", "inet", Table, "out", "{ type filter hook output priority 0; policy accept; }");
            Inside("nft", "add", "chain", "inet", Table, "in", "{ type filter hook input priority 0; policy accept; }");
            Inside("nft", "add", "rule", "inet", Table, "out", "ip", "daddr", HostAddress, "tcp", "dport", $"{{ {set} }}", "drop");
            Inside("nft", "add", "rule", "inet", Table, "in", "ip", "saddr", HostAddress, "tcp", "sport", $"{{ {set} }}", "drop");
        }
        else
        {
            Inside("ip", "link", "set", _insideLink, "down");
            _linkDown = true;
        }

        IsCut = true;
    }

    /// <summary>Undoes <see cref="Cut"/>.</summary>
    public void Heal()
    {
        if (_linkDown)
        {
            Inside("ip", "link", "set", _insideLink, "up");
            _linkDown = false;
        }
        else if (IsCut)
        {
            Inside("nft", "delete", "table", "inet", Table);
        }

        IsCut = false;
    }

    /// <summary>
    /// Deletes the nftables table, the namespace and the host side of the veth pair (which takes its peer with it); each step is
    /// tried whatever became of the others. Stop the processes inside first (a namespace lives while a process is in it).
    /// </summary>
    public void Dispose()
    {
        if (HasNft)
        {
            TryRun([.. ExecPrefix, "nft", "delete", "table", "inet", Table]);
        }

        TryRun([.. Sudo, "ip", "netns", "delete", Name]);
        TryRun([.. Sudo, "ip", "link", "delete", _hostLink]);
    }

    private void Ip(params string[] arguments) => Run([.. Sudo, "ip", .. arguments]);

    private void Inside(params string[] arguments) => Run([.. ExecPrefix, .. arguments]);

    private static void Run(string[] command)
    {
        var (code, output) = Execute(command);
        if (code != 0)
        {
            throw new InvalidOperationException($"'{string.Join(' ', command)}' failed ({code}): {output}");
        }
    }

    private static int TryRun(string[] command)
    {
        try
        {
            return Execute(command).Code;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    private static (int Code, string Output) Execute(string[] command)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"'{command[0]}' did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill();
            process.WaitForExit();
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
