using System.Diagnostics;
using System.Text;

namespace Hale.Cli.Tests.NativeAot;

/// <summary>
/// The NativeAOT <c>hale</c>, published once for the test class when <c>HALE_AOT_TESTS=1</c>
/// (<c>dotnet publish src/Hale.Cli -c Release -r linux-x64</c>, what scripts/publish.sh runs) into a temporary folder,
/// or the binary named by <c>HALE_AOT_BINARY</c>. Does nothing otherwise (the tests are skipped).
/// </summary>
public sealed class NativeAotFixture : IAsyncLifetime
{
    private string? _folder;

    /// <summary>Whether this run tests the NativeAOT binary (<c>HALE_AOT_TESTS=1</c>).</summary>
    public static bool Enabled => Environment.GetEnvironmentVariable("HALE_AOT_TESTS") == "1";

    /// <summary>
    /// The full path of the NativeAOT binary (empty when not <see cref="Enabled"/>); <c>HALE_AOT_BINARY</c> is relative to the
    /// repository.
    /// </summary>
    public string Binary { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        if (!Enabled)
        {
            return;
        }

        var given = Environment.GetEnvironmentVariable("HALE_AOT_BINARY");
        if (!string.IsNullOrEmpty(given))
        {
            // Relative to the repository, like scripts/publish.sh's artifacts/hale.
            Binary = Path.GetFullPath(given, RepositoryRoot());
            if (!File.Exists(Binary))
            {
                throw new FileNotFoundException($"HALE_AOT_BINARY: no file {Binary} (run scripts/publish.sh first)", Binary);
            }

            return;
        }

        _folder = Directory.CreateTempSubdirectory("hale-aot-").FullName;
        var root = RepositoryRoot();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "publish", Path.Combine(root, "src", "Hale.Cli", "Hale.Cli.csproj"), "-c", "Release", "-r", "linux-x64", "-nologo",
            "-clp:ErrorsOnly", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-o", _folder,
        })
        {
            info.ArgumentList.Add(argument);
        }

        // No build server or node outlives the publish (the suite checks that nothing is left behind).
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var output = new StringBuilder();
        using var publish = Process.Start(info)!;
        publish.OutputDataReceived += (_, e) => Append(output, e.Data);
        publish.ErrorDataReceived += (_, e) => Append(output, e.Data);
        publish.BeginOutputReadLine();
        publish.BeginErrorReadLine();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(30)))
        {
            try
            {
                await publish.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                publish.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet publish (NativeAOT) did not finish in 30 minutes:\n{Read(output)}");
            }
        }

        Binary = Path.Combine(_folder, "hale");
        if (publish.ExitCode != 0 || !File.Exists(Binary))
        {
            throw new InvalidOperationException($"dotnet publish (NativeAOT) failed with exit code {publish.ExitCode}:\n{Read(output)}");
        }
    }

    public Task DisposeAsync()
    {
        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hale.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Hale.slnx above {AppContext.BaseDirectory}");
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
