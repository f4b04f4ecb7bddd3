using System.Text;
using Hale.HAProxy.Supervisor;
using Hale.LoadBalancers;
using Hale.Testing;

namespace Hale.HAProxy.Tests.Supervisor;

/// <summary>Runs the listener over in-memory stdin/stdout/stderr, like the original's <c>run_listener</c>.</summary>
internal sealed class ListenerRun
{
    public static readonly ProgramMapping Instance1 = new("instance1", new ServerAddress("plone04", "plone0401"));
    public static readonly ProgramMapping Instance2 = new("instance2", new ServerAddress("plone04", "plone0402"));

    public RecordingRuntime Runtime { get; } = new();

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2016, 9, 14, 10, 45, 30, TimeSpan.Zero));

    public IReadOnlyList<ProgramMapping> Programs { get; init; } = [Instance1, Instance2];

    public static string Event(string header, string body) => $"{header} len:{Encoding.UTF8.GetByteCount(body)}\n{body}";

    /// <summary>Feeds raw stdin to the listener; returns stdout and stderr.</summary>
    public async Task<(string Stdout, string Stderr)> RunRawAsync(string stdin)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        using var output = new MemoryStream();
        using var log = new StringWriter();
        await SupervisorHAProxyListener.RunAsync(input, output, log, Runtime, Programs, Clock, CancellationToken.None);
        return (Encoding.UTF8.GetString(output.ToArray()), log.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    /// <summary>One event; asserts the READY before it and the READY after the answer; returns the answer and stderr.</summary>
    public async Task<(string Stdout, string Stderr)> RunAsync(string header, string body)
    {
        var (stdout, stderr) = await RunRawAsync(Event(header, body));
        Assert.StartsWith("READY\n", stdout, StringComparison.Ordinal);
        Assert.EndsWith("READY\n", stdout, StringComparison.Ordinal);
        return (stdout["READY\n".Length..^"READY\n".Length], stderr);
    }
}
