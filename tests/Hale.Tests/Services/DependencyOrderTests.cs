using System.Globalization;
using Hale.Services;

namespace Hale.Tests.Services;

public class DependencyOrderTests
{
    /// <summary>
    /// Services as <c>name[:order][&gt;dep,dep]</c>, in definition order; groups as <c>a b | c</c>.
    /// </summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        { "no dependencies: by order, then definition", "a:2 b:1 c:1 d", "d | b c | a" },
        { "dependency first although its order is higher", "app:1>db db:2", "db | app" },
        { "dependent never shares a group with its dependency", "db app>db", "db | app" },
        { "order breaks ties among the ready ones", "web:1>db db:5 cache:3 worker:0>cache", "cache | worker | db | web" },
        { "chain", "c>b b>a a", "a | b | c" },
        { "diamond", "top>left,right left>base right>base base", "base | left right | top" },
        { "check dependencies and unknown services are ignored", "a>nope b", "a b" },
        { "negative order first", "a:0 b:-3", "b | a" },
        { "empty", "", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void StartGroups_Table_DependenciesFirstOrderBreaksTies(string name, string services, string expected)
    {
        var groups = DependencyOrder.StartGroups(Parse(services), d => d);

        Assert.True(expected == Format(groups), $"{name}: expected '{expected}', got '{Format(groups)}'");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StopGroups_Table_ExactReverseOfStart(string name, string services, string expected)
    {
        var start = DependencyOrder.StartGroups(Parse(services), d => d);

        var stop = DependencyOrder.StopGroups(start);

        var reversed = string.Join(" | ", expected.Split(" | ", StringSplitOptions.RemoveEmptyEntries).Reverse().Select(g => string.Join(' ', g.Split(' ').Reverse())));
        Assert.True(reversed == Format(stop), $"{name}: expected '{reversed}', got '{Format(stop)}'");
    }

    [Theory]
    [InlineData("a>b b>a", "dependency cycle among services: a -> b -> a")]
    [InlineData("a>a", "dependency cycle among services: a -> a")]
    [InlineData("x a>c b>a c>b", "dependency cycle among services: a -> c -> b -> a")]
    public void StartGroups_Cycle_ThrowsNamingIt(string services, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => DependencyOrder.StartGroups(Parse(services), d => d));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void StartGroups_TenThousandLongChain_OneGroupEachDeepestFirst()
    {
        var services = string.Join(' ', Enumerable.Range(0, 10_000).Select(i => i < 9_999 ? $"s{i}>s{i + 1}" : $"s{i}"));

        var groups = DependencyOrder.StartGroups(Parse(services), d => d);

        Assert.Equal(10_000, groups.Count);
        Assert.Equal("s9999", Assert.Single(groups[0]).Name);
        Assert.Equal("s0", Assert.Single(groups[^1]).Name);
    }

    [Fact]
    public void Supervisor_DependencyCycle_Rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new Supervisor(Parse("a>b b>a")));

        Assert.Contains("dependency cycle", error.Message);
    }

    private static List<ServiceDefinition> Parse(string services) =>
        [.. services.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(token =>
        {
            var (head, deps) = token.Split('>') is [var h, var d] ? (h, d.Split(',')) : (token, []);
            var (serviceName, order) = head.Split(':') is [var n, var o] ? (n, int.Parse(o, CultureInfo.InvariantCulture)) : (head, 0);
            return new ServiceDefinition
            {
                Name = serviceName,
                Order = order,
                DependsOn = [.. deps.Select(dep => new ServiceDependency(dep))],
            };
        })];

    private static string Format(IReadOnlyList<IReadOnlyList<ServiceDefinition>> groups) =>
        string.Join(" | ", groups.Select(g => string.Join(' ', g.Select(d => d.Name))));
}
