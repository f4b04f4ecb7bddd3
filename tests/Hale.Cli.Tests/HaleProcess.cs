using System.Diagnostics;
using System.Text;

namespace Hale.Cli.Tests;

/// <summary>The real <c>hale</c> command (the built hale.dll) as a child process, its stdout and stderr collected.</summary>
internal sealed class HaleProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private HaleProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Stdout => Read(_stdout);

    public string Stderr => Read(_stderr);

    /// <summary>How many characters of stderr were collected so far.</summary>
    public int StderrLength
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.Length;
            }
        }
    }

    /// <summary>Stderr from <paramref name="offset"/> on (a cheap read of what is new in a long run).</summary>
    public string StderrFrom(int offset)
    {
        lock (_stderr)
        {
            return offset >= _stderr.Length ? string.Empty : _stderr.ToString(offset, _stderr.Length - offset);
        }
    }

    public bool HasExited => _process.HasExited;

    public static HaleProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    public static HaleProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartWithin([], environment, arguments);

    /// <summary>Starts hale through <paramref name="prefix"/> (e.g. <c>ip netns exec NAME</c>, which execs it: same pid).</summary>
    public static HaleProcess StartWithin(IReadOnlyList<string> prefix, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(prefix.Count > 0 ? prefix[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        foreach (var word in prefix.Skip(1).Concat(prefix.Count > 0 ? ["dotnet"] : []))
        {
            info.ArgumentList.Add(word);
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hale.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new HaleProcess(Process.Start(info)!);
    }

    /// <summary>Starts another build of hale: <paramref name="executable"/> itself (e.g. the NativeAOT binary), not hale.dll.</summary>
    public static HaleProcess StartExecutable(string executable, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new HaleProcess(Process.Start(info)!);
    }

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments) =>
        RunAsync(new Dictionary<string, string>(), arguments);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        using var hale = Start(environment, arguments);
        var code = await hale.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, hale.Stdout, hale.Stderr);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits until stderr contains <paramref name="text"/>; returns stderr.</summary>
    public async Task<string> WaitForStderrAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var now = Stderr;
            if (now.Contains(text, StringComparison.Ordinal))
            {
                return now;
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"'{text}' not seen on hale's stderr:\n{Stderr}");
    }

    public void Signal(int signal) => Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sb)
        {
            sb.AppendLine(line);
        }
    }

    private static string Read(StringBuilder sb)
    {
        lock (sb)
        {
            return sb.ToString();
        }
    }
}
