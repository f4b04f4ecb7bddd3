using System.Text.Json;

namespace Hale.Cli.Tests;

public class SchemaCommandTests
{
    [Fact]
    public async Task Schema_NoArguments_PrintsThePublishedSchemaAndExits0()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await HaleCommand.InvokeAsync(["schema"], stdout, stderr);

        Assert.True(code == 0, stderr.ToString());
        var published = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "schema", "hale.schema.json"));
        Assert.True(
            stdout.ToString() == published,
            "hale schema differs from schema/hale.schema.json; regenerate it: dotnet run --project src/Hale.Cli -- schema > schema/hale.schema.json");
        using var document = JsonDocument.Parse(stdout.ToString());
        Assert.Equal("http://json-schema.org/draft-07/schema#", document.RootElement.GetProperty("$schema").GetString());
    }
}
