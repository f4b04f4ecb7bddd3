using Hale.Checks;
using Hale.LoadBalancers;
using Hale.Services;

namespace Hale.Tests.LoadBalancers;

public sealed class ServerStateMappingTests
{
    [Theory]
    [InlineData(ServiceState.Ready, ServerAdminState.Ready)]
    [InlineData(ServiceState.Stopping, ServerAdminState.Drain)]
    [InlineData(ServiceState.Stopped, ServerAdminState.Maint)]
    [InlineData(ServiceState.Starting, ServerAdminState.Maint)]
    [InlineData(ServiceState.Running, ServerAdminState.Maint)]
    [InlineData(ServiceState.Backoff, ServerAdminState.Maint)]
    [InlineData(ServiceState.Exited, ServerAdminState.Maint)]
    [InlineData(ServiceState.Fatal, ServerAdminState.Maint)]
    public void ForService_EachState_SupervisorHaproxyMapping(ServiceState state, ServerAdminState expected) =>
        Assert.Equal(expected, ServerStateMapping.ForService(state));

    [Fact]
    public void ForService_EveryStateIsMapped() =>
        Assert.All(Enum.GetValues<ServiceState>(), s => Assert.True(Enum.IsDefined(ServerStateMapping.ForService(s))));

    [Theory]
    [InlineData(CheckStatus.Ok, ServerAdminState.Ready)]
    [InlineData(CheckStatus.Fail, ServerAdminState.Maint)]
    [InlineData(CheckStatus.Error, ServerAdminState.Maint)]
    public void ForCheck_EachStatus_ReadyOnlyWhenOk(CheckStatus status, ServerAdminState expected) =>
        Assert.Equal(expected, ServerStateMapping.ForCheck(status));
}
