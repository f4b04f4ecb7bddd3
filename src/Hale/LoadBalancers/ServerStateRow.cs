namespace Hale.LoadBalancers;

/// <summary>One server's row of HAProxy's <c>show servers state</c>.</summary>
/// <param name="Address">The backend and server.</param>
/// <param name="OperationalState">srv_op_state: 0 stopped, 1 starting, 2 running, 3 stopping.</param>
/// <param name="AdminFlags">srv_admin_state bit mask: 0x01 forced maint, 0x02 inherited maint, 0x04 config maint, 0x08 forced drain, 0x10 inherited drain, 0x20 resolution maint, 0x40 hostname maint.</param>
public sealed record ServerStateRow(ServerAddress Address, int OperationalState, int AdminFlags)
{
    /// <summary>The state Hale set (or would see as set): maint when any maint flag is set, else drain when any drain flag is set, else ready.</summary>
    public ServerAdminState AdminState =>
        (AdminFlags & 0x67) != 0 ? ServerAdminState.Maint
        : (AdminFlags & 0x18) != 0 ? ServerAdminState.Drain
        : ServerAdminState.Ready;
}
