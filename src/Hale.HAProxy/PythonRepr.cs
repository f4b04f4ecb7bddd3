namespace Hale.HAProxy;

/// <summary>Quotes a string the way Python's <c>repr()</c> does, so error texts match supervisor-haproxy's.</summary>
internal static class PythonRepr
{
    public static string Of(string text)
    {
        var quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var sb = new System.Text.StringBuilder(text.Length + 2);
        sb.Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                default:
                    if (c == quote)
                    {
                        sb.Append('\\');
                    }

                    sb.Append(c);
                    break;
            }
        }

        return sb.Append(quote).ToString();
    }
}
