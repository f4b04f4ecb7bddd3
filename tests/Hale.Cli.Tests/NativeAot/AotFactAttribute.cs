namespace Hale.Cli.Tests.NativeAot;

/// <summary>
/// A test of the published NativeAOT <c>hale</c>: it runs when <c>HALE_AOT_TESTS=1</c> (publishing takes minutes on 2 cores,
/// once per run, see <see cref="NativeAotFixture"/>) and is reported as skipped, saying how to run it, otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AotFactAttribute : FactAttribute
{
    /// <summary>Skips unless <see cref="NativeAotFixture.Enabled"/>.</summary>
    public AotFactAttribute()
    {
        if (!NativeAotFixture.Enabled)
        {
            Skip = "NativeAOT hale not published in this run: set HALE_AOT_TESTS=1 to publish it once (minutes on 2 cores) and "
                + "run these tests against it (HALE_AOT_BINARY=PATH as well: use an existing binary, e.g. artifacts/hale)";
        }
    }
}
