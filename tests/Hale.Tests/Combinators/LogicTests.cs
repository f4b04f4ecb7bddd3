using Hale.Checks;
using Hale.Combinators;
using Hale.Testing;

namespace Hale.Tests.Combinators;

public class LogicTests
{
    [Theory]
    [InlineData("OO", CheckStatus.Ok, CheckStatus.Ok)]
    [InlineData("OF", CheckStatus.Fail, CheckStatus.Ok)]
    [InlineData("FF", CheckStatus.Fail, CheckStatus.Fail)]
    [InlineData("OE", CheckStatus.Error, CheckStatus.Ok)]
    [InlineData("FE", CheckStatus.Fail, CheckStatus.Error)]
    [InlineData("", CheckStatus.Ok, CheckStatus.Fail)]
    public async Task AllAndAny_Combine(string inputs, CheckStatus all, CheckStatus any)
    {
        ICheck[] checks = [.. inputs.Select(c => c == 'E'
            ? new ScriptedCheck { Throws = new InvalidOperationException("boom") }
            : new ScriptedCheck(c == 'O' ? CheckStatus.Ok : CheckStatus.Fail))];

        Assert.Equal(all, (await new AllCheck(checks).CheckAsync()).Status);
        Assert.Equal(any, (await new AnyCheck(checks).CheckAsync()).Status);
    }

    [Theory]
    [InlineData(CheckStatus.Ok, CheckStatus.Fail)]
    [InlineData(CheckStatus.Fail, CheckStatus.Ok)]
    [InlineData(CheckStatus.Error, CheckStatus.Error)]
    public async Task Not_Negates(CheckStatus input, CheckStatus expected)
    {
        var inner = new ScriptedCheck(input);

        Assert.Equal(expected, (await new NotCheck(inner).CheckAsync()).Status);
    }
}
