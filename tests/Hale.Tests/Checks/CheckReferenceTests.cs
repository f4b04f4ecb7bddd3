using Hale.Checks;
using Hale.Combinators;
using Hale.Testing;

namespace Hale.Tests.Checks;

public class CheckReferenceTests
{
    [Fact]
    public async Task CheckAsync_TenThousandLongChainBuiltInCode_EvaluatesWithoutStackOverflow()
    {
        var directory = new CheckDirectory();
        var checks = Enumerable.Range(0, 10_000)
            .Select(i => new NamedCheck($"c{i}", i == 9_999 ? new ScriptedCheck(CheckStatus.Ok) : new NotCheck(directory.Reference($"c{i + 1}"))))
            .ToList();
        directory.Publish(checks);

        var result = await directory.Reference("c0").CheckAsync();

        Assert.Equal(CheckStatus.Fail, result.Status); // 9,999 negations of OK
    }

    [Fact]
    public async Task CheckAsync_NameNoCheckHolds_Error()
    {
        var result = await new CheckDirectory().Reference("gone").CheckAsync();

        Assert.Equal(CheckStatus.Error, result.Status);
    }
}
