using System.Text;

namespace Hale.Failover;

/// <summary>
/// Binds <c>{host}</c> and <c>{user}</c> in a failover group's test, start and stop command templates.
/// </summary>
/// <remarks>
/// Only the exact placeholders <c>{host}</c> and <c>{user}</c> are replaced, every occurrence of them; any other text, including
/// shell syntax such as <c>${VAR}</c>'s braces or <c>{a,b}</c>, is left as it is. The values are inserted unquoted (a template
/// usually puts them inside its own quotes, e.g. <c>ssh {user}@{host} '...'</c>), so a value may hold only letters, digits and
/// <c>. _ -</c> (and <c>:</c> for an IPv6 address); anything else is refused rather than quoted. Pure and thread-safe.
/// </remarks>
public static class CommandTemplate
{
    /// <summary>The host placeholder.</summary>
    public const string HostPlaceholder = "{host}";

    /// <summary>The user placeholder.</summary>
    public const string UserPlaceholder = "{user}";

    /// <summary>Replaces <c>{host}</c> and <c>{user}</c> in <paramref name="template"/>.</summary>
    /// <param name="template">The command template.</param>
    /// <param name="host">The host bound to <c>{host}</c>.</param>
    /// <param name="user">The user bound to <c>{user}</c>, or null when the group has none (then <c>{user}</c> must not appear).</param>
    /// <returns>The command line.</returns>
    /// <exception cref="ArgumentException">A value holds a character that is not safe unquoted in a shell, or the template uses
    /// <c>{user}</c> and <paramref name="user"/> is null or empty.</exception>
    public static string Bind(string template, string host, string? user)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(host);
        var problem = CheckValue("host", host);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(host));
        }

        var usesUser = template.Contains(UserPlaceholder, StringComparison.Ordinal);
        if (usesUser)
        {
            problem = string.IsNullOrEmpty(user) ? "the command uses {user} but no user is set" : CheckValue("user", user);
            if (problem is not null)
            {
                throw new ArgumentException(problem, nameof(user));
            }
        }

        var text = new StringBuilder(template);
        text.Replace(HostPlaceholder, host);
        if (usesUser)
        {
            text.Replace(UserPlaceholder, user);
        }

        return text.ToString();
    }

    /// <summary>Why <paramref name="value"/> cannot be bound to a placeholder, or null when it can.</summary>
    /// <param name="name">The value's name for the message (<c>host</c> or <c>user</c>).</param>
    /// <param name="value">The value.</param>
    /// <returns>A message naming the value and the first bad character, or null.</returns>
    public static string? CheckValue(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return $"{name} is empty";
        }

        if (value[0] == '-')
        {
            return $"{name} '{value}' starts with '-'";
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or ':'))
            {
                return $"{name} '{value}' holds '{c}', which is not allowed unquoted in a command (letters, digits and . _ - : only)";
            }
        }

        return null;
    }
}
