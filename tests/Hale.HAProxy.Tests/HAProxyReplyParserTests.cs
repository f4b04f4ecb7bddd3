using Hale.LoadBalancers;

namespace Hale.HAProxy.Tests;

public sealed class HAProxyReplyParserTests
{
    private const string ServersState =
        "1\n"
        + "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n"
        + "3 be_app 1 s1 127.0.0.1 2 8 1 1 0 15 3 3 6 0 0 0 - 18081 - 0 0 - - 0\n"
        + "3 be_app 2 s2 127.0.0.1 0 1 1 1 0 15 3 0 14 0 0 0 - 18082 - 0 0 - - 0\n"
        + "3 be_app 3 s3 127.0.0.1 2 8 30 100 1 15 3 3 6 18 0 0 - 18081 - 0 0 - 127.0.0.1 18083\n"
        + "4 be_other 1 s4 127.0.0.1 2 0 1 1 0 15 3 3 6 0 0 0 - 18084 - 0 0 - - 0";

    [Fact]
    public void ParseServersState_Dump_RowsByPosition()
    {
        var rows = HAProxyReplyParser.ParseServersState(ServersState);

        Assert.Equal(4, rows.Count);
        Assert.Equal(new ServerStateRow(new ServerAddress("be_app", "s1"), 2, 8), rows[0]);
        Assert.Equal(ServerAdminState.Drain, rows[0].AdminState);
        Assert.Equal(new ServerStateRow(new ServerAddress("be_app", "s2"), 0, 1), rows[1]);
        Assert.Equal(ServerAdminState.Maint, rows[1].AdminState);
        Assert.Equal(ServerAdminState.Ready, rows[3].AdminState);
        Assert.Equal("be_other", rows[3].Address.Backend);
    }

    [Fact]
    public void ParseServersState_EmptyBackend_NoRows()
    {
        Assert.Empty(HAProxyReplyParser.ParseServersState("1\n# be_id be_name srv_id"));
    }

    [Fact]
    public void ParseServersState_ErrorText_ThrowsWithIt()
    {
        var ex = Assert.Throws<LoadBalancerException>(() => HAProxyReplyParser.ParseServersState("Can't find backend."));

        Assert.Equal("Can't find backend.", ex.Message);
        Assert.False(ex.Unreachable);
    }

    [Fact]
    public void ParseInfo_ShowInfo_PidUptimeVersion()
    {
        const string reply = "Name: HAProxy\nVersion: 2.6.12-1+deb12u4\nRelease_date: 2025/01/01\nNbthread: 2\nNbproc: 1\nProcess_num: 1\nPid: 4242\nUptime: 0d 0h01m05s\nUptime_sec: 65\nMemmax_MB: 0";

        var info = HAProxyReplyParser.ParseInfo(reply);

        Assert.Equal(new BalancerInfo(4242, TimeSpan.FromSeconds(65), "2.6.12-1+deb12u4"), info);
    }

    [Fact]
    public void ParseInfo_ErrorText_Throws()
    {
        Assert.Throws<LoadBalancerException>(() => HAProxyReplyParser.ParseInfo("Permission denied"));
    }

    [Fact]
    public void ParseStat_Csv_ByHeaderNameWithoutHashAndTrailingComma()
    {
        const string reply =
            "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,\n"
            + "fe_main,FRONTEND,,,0,1,262124,3,0,0,0,0,0,,,,,OPEN,,\n"
            + "be_app,s1,0,0,7,1,,3,0,0,,0,,0,0,0,0,DRAIN,1,\n"
            + "be_app,s2,0,0,0,0,,0,0,0,,0,,0,0,0,0,UP 1/2,1,\n";

        var rows = HAProxyReplyParser.ParseStat(reply);

        Assert.Equal(3, rows.Count);
        Assert.Equal("s1", rows[1]["svname"]);
        Assert.Equal("7", rows[1]["scur"]);
        Assert.Equal("DRAIN", rows[1]["status"]);
        Assert.Equal("UP 1/2", rows[2]["status"]);
        Assert.Equal("1", rows[2]["weight"]);
        Assert.Equal(19, rows[0].Count);
    }

    [Fact]
    public void ParseStat_ErrorText_Throws()
    {
        var ex = Assert.Throws<LoadBalancerException>(() => HAProxyReplyParser.ParseStat("No such proxy."));

        Assert.Equal("No such proxy.", ex.Message);
    }
}
