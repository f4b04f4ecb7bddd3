using System.Text.Json;
using Hale.Config.Schema;
using Json.Schema;

namespace Hale.Config.Tests.Schema;

/// <summary>Validates YAML text against the generated schema with a real validator (JsonSchema.Net).</summary>
internal static class SchemaValidator
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(ConfigSchema.Generate()));

    /// <summary>The validation errors of <paramref name="yaml"/> (instance location: message); empty when it is valid.</summary>
    public static IReadOnlyList<string> Errors(string yaml)
    {
        var results = Schema.Value.Evaluate(YamlJson.Convert(yaml), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? [])
            .Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .ToList();
        return errors.Count == 0 ? ["invalid (no details)"] : errors;
    }

    /// <summary>Fails the test with every error when <paramref name="yaml"/> is not valid.</summary>
    public static void AssertValid(string yaml, string what)
    {
        var errors = Errors(yaml);
        Assert.True(errors.Count == 0, $"{what} does not validate against the schema:\n{string.Join("\n", errors)}");
    }

    /// <summary>Fails the test when <paramref name="yaml"/> is valid.</summary>
    public static IReadOnlyList<string> AssertInvalid(string yaml)
    {
        var errors = Errors(yaml);
        Assert.NotEmpty(errors);
        return errors;
    }

    /// <summary>The generated schema as JSON.</summary>
    public static JsonElement Document() => JsonDocument.Parse(ConfigSchema.Generate()).RootElement.Clone();
}
