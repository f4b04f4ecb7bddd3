using Hale.Config.Importers.Valet;

namespace Hale.Config.Tests.Importers.Valet;

public sealed class PythonStringExpressionTests
{
    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["user"] = "stack",
        ["host"] = "h1",
        ["port"] = "8090",
        ["dir"] = "/opt",
    };

    [Theory]
    [InlineData("\"ssh %s@%s 'x'\" % (user, host)", "ssh stack@h1 'x'")]
    [InlineData("\"ssh %s@%s 'x'\"%(user,host)", "ssh stack@h1 'x'")]
    [InlineData("'grep %s' % port", "grep 8090")]
    [InlineData("\"grep %s\" % (port,)", "grep 8090")]
    [InlineData("\"grep %s\" % (port)", "grep 8090")]
    [InlineData("\"100%% of %s\" % (port)", "100% of 8090")]
    [InlineData("\"date +%s\"", "date +%s")]
    [InlineData("\"cd %(dir)s; ls %(\"", "cd /opt; ls %(")]
    [InlineData("\"exit $(awk \\'{print $1}\\')\"", "exit $(awk '{print $1}')")]
    [InlineData("'say \\\"hi\\\" \\\\ \\$HOME'", "say \"hi\" \\ \\$HOME")]
    [InlineData("\"@ALLEGRO_WSGI_DIR@/wsgi.py %s\" % (host)", "@ALLEGRO_WSGI_DIR@/wsgi.py h1")]
    [InlineData("\"no args\" % ()", "no args")]
    public void Evaluate_SupportedForm_GivesPythonsString(string expression, string expected)
    {
        Assert.Equal(expected, Evaluate(expression, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("ssh host", "expected a quoted string")]
    [InlineData("", "the command is empty")]
    [InlineData("\"open", "is not closed")]
    [InlineData("\"%s %s\" % (user)", "more %s than the 1 value(s)")]
    [InlineData("\"%s\" % (user, host)", "2 value(s) after % but only 1 %s")]
    [InlineData("\"%d\" % (port)", "'%d' is not supported")]
    [InlineData("\"%(user)s\" % (user)", "%(name)s needs a mapping")]
    [InlineData("\"50%\" % (user)", "lone '%'")]
    [InlineData("\"%s\" % (nope)", "'nope' is not a key")]
    [InlineData("\"%(nope)s\"", "'nope' in %(nope)s is not a key")]
    [InlineData("\"%s\" % (start_command)", "is a command")]
    [InlineData("\"x\" + y", "unexpected '+ y' after the string")]
    [InlineData("\"x\" %", "expected % (name, …) or % name")]
    [InlineData("\"x\" % (user", "not closed with ')'")]
    [InlineData("\"x\" % (user host)", "expected ',' or ')'")]
    [InlineData("\"x\" % user host", "unexpected 'host' after the % arguments")]
    [InlineData("\"a\\n\"", "the escape '\\n' is not supported")]
    [InlineData("\"\"\"x\"\"\"", "triple-quoted")]
    [InlineData("\"a\" \"b\"", "adjacent strings")]
    public void Evaluate_OtherForm_IsAnError(string expression, string message)
    {
        Assert.Null(Evaluate(expression, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    private static string? Evaluate(string expression, out string? error) =>
        PythonStringExpression.Evaluate(
            expression,
            name => name == "start_command" ? (null, "'start_command' is a command") : (Keys.GetValueOrDefault(name), null),
            out error);
}
