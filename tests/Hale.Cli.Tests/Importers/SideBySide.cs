using System.Text;

namespace Hale.Cli.Tests.Importers;

/// <summary>
/// An original file and <c>hale convert</c>'s output for it, each in its own folder (<c>original/</c>, <c>converted/</c>) with
/// its own copy of the world's files (<c>world/</c>) and its own action log (<c>actions.log</c>), so that the two can run on
/// the same scripted world without seeing each other's effects. Stand-in tools (<c>bin/</c>, first on <c>PATH</c>) record
/// each action as a line in <c>$SBS_LOG</c> and keep their state in <c>$SBS_WORLD</c>.
/// </summary>
internal sealed class SideBySide
{
    private SideBySide(string dir, string original, string converted)
    {
        Dir = dir;
        Original = original;
        Converted = converted;
    }

    public string Dir { get; }

    /// <summary>The original file, in <c>original/</c>.</summary>
    public string Original { get; }

    /// <summary><c>hale convert</c>'s output for <see cref="Original"/>, in <c>converted/hale.yaml</c>.</summary>
    public string Converted { get; }

    /// <summary>The two sides, the original first.</summary>
    public IReadOnlyList<string> Files => [Original, Converted];

    public string Bin => Path.Combine(Dir, "bin");

    /// <summary>Writes <paramref name="text"/> as <c>original/NAME</c>, converts it and writes the result beside it.</summary>
    public static async Task<SideBySide> CreateAsync(string dir, string name, string text)
    {
        var original = Path.Combine(Directory.CreateDirectory(Path.Combine(dir, "original", "world")).Parent!.FullName, name);
        var converted = Path.Combine(Directory.CreateDirectory(Path.Combine(dir, "converted", "world")).Parent!.FullName, "hale.yaml");
        Directory.CreateDirectory(Path.Combine(dir, "bin"));
        await File.WriteAllTextAsync(original, text);
        var (code, yaml, stderr) = await HaleProcess.RunAsync("convert", "-c", original);
        Assert.True(code == 0, stderr);
        await File.WriteAllTextAsync(converted, yaml);
        return new SideBySide(dir, original, converted);
    }

    /// <summary>The folder of <paramref name="file"/>'s side.</summary>
    public static string Side(string file) => Path.GetDirectoryName(file)!;

    /// <summary>The world folder of <paramref name="file"/>'s side.</summary>
    public static string World(string file) => Path.Combine(Side(file), "world");

    /// <summary>The action log of <paramref name="file"/>'s side.</summary>
    public static string Log(string file) => Path.Combine(Side(file), "actions.log");

    /// <summary>The environment of a <c>hale</c> running <paramref name="file"/>: the stand-in tools first on PATH, and where
    /// they log and keep their state.</summary>
    public IReadOnlyDictionary<string, string> Environment(string file) => new Dictionary<string, string>
    {
        ["PATH"] = $"{Bin}:{System.Environment.GetEnvironmentVariable("PATH")}",
        ["SBS_LOG"] = Log(file),
        ["SBS_WORLD"] = World(file),
    };

    /// <summary>Writes an executable stand-in tool into <c>bin/</c>.</summary>
    public void Tool(string name, string script)
    {
        var path = Path.Combine(Bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + script);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Writes (or, with null, deletes) the world file <paramref name="name"/> on both sides.</summary>
    public void SetWorld(string name, string? content)
    {
        foreach (var file in Files)
        {
            var path = Path.Combine(World(file), name);
            if (content is null)
            {
                File.Delete(path);
            }
            else
            {
                File.WriteAllText(path, content);
            }
        }
    }

    /// <summary>Appends a line (a step's name, an exit code) to both action logs.</summary>
    public void Mark(string line)
    {
        foreach (var file in Files)
        {
            File.AppendAllText(Log(file), line + "\n");
        }
    }

    /// <summary>The action log of <paramref name="file"/>'s side (empty when nothing was written).</summary>
    public static string Actions(string file) => File.Exists(Log(file)) ? File.ReadAllText(Log(file), Encoding.UTF8) : string.Empty;
}
