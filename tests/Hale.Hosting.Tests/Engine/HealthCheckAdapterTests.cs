using Hale.Checks;
using Hale.Hosting.HealthChecks;
using Hale.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hale.Hosting.Tests.Engine;

public class HealthCheckAdapterTests
{
    [Theory]
    [InlineData(CheckStatus.Ok, HealthStatus.Healthy)]
    [InlineData(CheckStatus.Fail, HealthStatus.Unhealthy)]
    [InlineData(CheckStatus.Error, HealthStatus.Unhealthy)]
    public async Task HaleHealthCheck_MapsStatus(CheckStatus status, HealthStatus expected)
    {
        var check = new HaleHealthCheck(new ScriptedCheck(status));

        var result = await check.CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("x", check, HealthStatus.Unhealthy, null),
        });

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public async Task AddHaleCheck_RunsThroughHealthCheckService()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHealthChecks().AddHaleCheck("db", new ScriptedCheck(CheckStatus.Fail), HealthStatus.Degraded);
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Degraded, report.Entries["db"].Status);
    }

    [Theory]
    [InlineData(HealthStatus.Healthy, true, CheckStatus.Ok)]
    [InlineData(HealthStatus.Degraded, true, CheckStatus.Ok)]
    [InlineData(HealthStatus.Degraded, false, CheckStatus.Fail)]
    [InlineData(HealthStatus.Unhealthy, true, CheckStatus.Fail)]
    public async Task HealthCheckAdapter_MapsStatus(HealthStatus status, bool degradedIsHealthy, CheckStatus expected)
    {
        var adapter = new HealthCheckAdapter("x", new FixedHealthCheck(new HealthCheckResult(status, "said so"))) { DegradedIsHealthy = degradedIsHealthy };

        var result = await adapter.CheckAsync();

        Assert.Equal(expected, result.Status);
        Assert.Contains("said so", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthCheckAdapter_NoAnswerWithinTimeout_Fails()
    {
        var adapter = new HealthCheckAdapter("slow", new HangingHealthCheck(), TimeSpan.FromMilliseconds(50));

        var result = await adapter.CheckAsync();

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("no answer", result.Detail, StringComparison.Ordinal);
    }

    private sealed class FixedHealthCheck(HealthCheckResult result) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => Task.FromResult(result);
    }

    private sealed class HangingHealthCheck : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken);
            return HealthCheckResult.Healthy();
        }
    }
}
