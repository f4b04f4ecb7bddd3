using Hale.Text;

namespace Hale.Config.Importers.Valet;

/// <summary>
/// Reads ha_valet's <c>ha_valet.cfg</c> (COMPAT §2): every <c>:Section</c> becomes a <c>coordinator: local</c> failover group
/// named after it when it has a <c>stand_by_list</c> (ha_valet's algorithm, fixed, runs it), else a daemon service Hale starts
/// when <c>test_command</c> says it is down. Commands are Python string expressions, evaluated without <c>eval</c>
/// (<c>"…" % (user, host)</c>, <c>"…" % port</c>, <c>%(name)s</c>; <c>\'</c> unescaped; <c>@TOKENS@</c> kept).
/// </summary>
/// <remarks>Stateless and thread-safe; never throws for any text.</remarks>
public sealed class ValetImporter : IConfigImporter
{
    /// <inheritdoc/>
    public ConfigFormat Format => ConfigFormat.Valet;

    /// <summary>True when the first line that is not blank or a <c>#</c> comment opens a section (<c>:Name</c>).</summary>
    /// <param name="text">The file's text.</param>
    /// <returns>Whether the text looks like <c>ha_valet.cfg</c>.</returns>
    public bool Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim().TrimStart('\uFEFF').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            return line.Length > 1 && line[0] == ':' && !char.IsWhiteSpace(line[1]);
        }

        return false;
    }

    /// <inheritdoc/>
    public ImportResult Import(string text, string sourcePath) => Import(text, sourcePath, only: null);

    /// <summary>Translates <paramref name="text"/> into native YAML, keeping only the section <paramref name="only"/> when given
    /// (<c>hale valet -p NAME</c>; the other sections are still read, but not validated or written).</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="sourcePath">The file as the caller named it; errors and warnings name it.</param>
    /// <param name="only">The one logical name to keep, or null for all.</param>
    /// <returns>The native YAML, or the errors (each at the line of the offending key).</returns>
    public ImportResult Import(string text, string sourcePath, string? only)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        var report = new ValetReport(sourcePath);
        try
        {
            return Translate(text, sourcePath, only, report);
        }
#pragma warning disable CA1031 // An importer never throws for any input: a bug here is still an error of the file.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            report.Error(1, $"cannot import the ha_valet file: unexpected {ex.GetType().Name}: {ex.Message}");
            return new ImportResult(null, report.Errors, report.Warnings);
        }
    }

    /// <summary>The logical names (sections) of an ha_valet file, in file order; none when it does not parse.</summary>
    /// <param name="text">The file's text.</param>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> SectionNames(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. ValetFileReader.Read(text, new ValetReport("-")).Select(s => s.Name)];
    }

    private static ImportResult Translate(string text, string sourcePath, string? only, ValetReport report)
    {
        var sections = ValetFileReader.Read(text, report);
        if (only is not null)
        {
            sections = [.. sections.Where(s => s.Name == only)];
        }

        var processes = new List<ValetProcess>();
        var skipped = new List<(int, string)>();
        foreach (var section in sections)
        {
            if (ValetSectionReader.Read(section, report, out var why) is { } process)
            {
                processes.Add(process);
            }
            else if (why is not null)
            {
                skipped.Add((section.Line, why));
            }
        }

        CheckOneNode(processes, sections, report);
        if (report.Errors.Count > 0)
        {
            return new ImportResult(null, [.. report.Errors.OrderBy(e => e.Line)], report.Warnings);
        }

        return new ImportResult(ValetYamlWriter.Write(Path.GetFileName(sourcePath), processes, skipped), [], report.Warnings);
    }

    /// <summary>Hale has one node name per file: every section with a <c>stand_by_list</c> must name the same host.</summary>
    private static void CheckOneNode(List<ValetProcess> processes, List<ValetSection> sections, ValetReport report)
    {
        var groups = processes.Where(p => p.HasStandByList).ToList();
        foreach (var group in groups.Skip(1).Where(g => !string.Equals(g.Host, groups[0].Host, StringComparison.OrdinalIgnoreCase)))
        {
            var line = sections.First(s => s.Name == group.Name)[ValetKeys.Host]!.Line;
            report.Error(line, $"host '{SafeText.Escape(group.Host)}' of ':{SafeText.Escape(group.Name)}' differs from '{SafeText.Escape(groups[0].Host)}' " +
                $"of ':{SafeText.Escape(groups[0].Name)}': Hale runs one node per file, so every section with a stand_by_list must name this host");
        }
    }
}
