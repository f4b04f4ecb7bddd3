using System.Diagnostics;

namespace Hale.Testing;

/// <summary>Writes htpasswd files with Apache's own <c>htpasswd</c> (Debian package apache2-utils).</summary>
public static class HtpasswdTool
{
    /// <summary>The users of <see cref="WriteAllFormats"/>, each with its htpasswd format flag; all have password <c>s3cret</c>.</summary>
    public static IReadOnlyList<(string User, string Flag)> AllFormats { get; } =
    [
        ("bcryptuser", "-B"), ("apr1user", "-m"), ("shauser", "-s"), ("cryptuser", "-d"),
        ("plainuser", "-p"), ("sha256user", "-2"), ("sha512user", "-5"),
    ];

    /// <summary>Writes <paramref name="path"/> anew with one user per format of <see cref="AllFormats"/>, password <c>s3cret</c>.</summary>
    /// <param name="path">The file.</param>
    /// <returns><paramref name="path"/>.</returns>
    public static string WriteAllFormats(string path)
    {
        File.Delete(path);
        foreach (var (user, flag) in AllFormats)
        {
            Add(path, user, "s3cret", flag);
        }

        return path;
    }

    /// <summary>Adds (or replaces) a user, creating the file when missing.</summary>
    /// <param name="path">The file.</param>
    /// <param name="user">The user.</param>
    /// <param name="password">The password.</param>
    /// <param name="flags">The format flag: -B, -m, -s, -d, -p, -2, -5; then options such as <c>-C 10</c> (bcrypt cost) or <c>-r 5000</c> (sha-crypt rounds) as separate arguments.</param>
    /// <exception cref="InvalidOperationException">htpasswd failed.</exception>
    public static void Add(string path, string user, string password, params string[] flags)
    {
        var start = new ProcessStartInfo("htpasswd") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[.. File.Exists(path) ? [] : new[] { "-c" }, "-b", .. flags, path, user, password])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("htpasswd did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"htpasswd {string.Join(' ', flags)} {user} failed: {stderr.Result}");
        }
    }
}
