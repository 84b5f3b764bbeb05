using UdpSuite.Client.Diagnostics;

namespace UdpSuite.Client.Tests.Diagnostics;

/// <summary>The doctor's pure readers: the kernel's socket tables, firewall listings, clock synchronisation reports.</summary>
public sealed class DoctorParsersTests
{
    [Fact]
    public void Proc_net_tables_give_port_listening_state_and_inode()
    {
        const string Udp = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
             1234: 0100007F:1F91 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 40123 2 0000000000000000 0
             1235: 00000000:0044 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 40124 2 0000000000000000 0
             garbage line
            """;
        const string Tcp = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:0025 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 555 1 0000000000000000 100 0 0 10 0
               1: 0100007F:0025 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 556 1 0000000000000000 100 0 0 10 0
            """;

        Assert.Equal([new LocalSocket(8081, true, 40123), new LocalSocket(68, false, 40124)], ProcNetSockets.Parse(Udp, tcp: false));
        Assert.Equal([new LocalSocket(37, true, 555), new LocalSocket(37, false, 556)], ProcNetSockets.Parse(Tcp, tcp: true));
    }

    [Theory]
    [InlineData("udp dport 8081 drop", true)]
    [InlineData("udp dport { 123, 8081 } counter reject", true)]
    [InlineData("tcp dport 8000-9000 drop", true)]
    [InlineData("-A INPUT -p udp -m udp --dport 8081 -j DROP", true)]
    [InlineData("-A INPUT -p udp -m multiport --dports 1000:9000 -j REJECT --reject-with icmp-port-unreachable", true)]
    [InlineData("-P INPUT DROP", true)]
    [InlineData("type filter hook input priority filter; policy drop;", true)]
    [InlineData("udp dport 8081 accept", false)]
    [InlineData("udp dport 53 drop", false)]
    [InlineData("-P OUTPUT DROP", false)]
    [InlineData("type filter hook input priority filter; policy accept;", false)]
    public void Firewall_rules_that_drop_a_port_or_input_by_policy_are_found(string rule, bool blocks) =>
        Assert.Equal(blocks, FirewallRules.FindBlocking("table inet filter {\n" + rule + "\n}", [8081, 123]).Count == 1);

    [Fact]
    public void Chrony_tracking_normal_leap_status_is_synchronised_and_unsynchronised_is_not()
    {
        const string Synced = """
            Reference ID    : C0A80101 (192.168.1.1)
            Stratum         : 3
            System time     : 0.000012345 seconds fast of NTP time
            Leap status     : Normal
            """;
        ClockSyncState state = ClockSyncState.FromChronyTracking(Synced);
        Assert.True(state.Synchronised);
        Assert.Contains("0.000012345 seconds fast", state.Detail, StringComparison.Ordinal);

        Assert.False(ClockSyncState.FromChronyTracking("Reference ID    : 00000000 ()\nLeap status     : Not synchronised\n").Synchronised);
        Assert.Null(ClockSyncState.FromChronyTracking("506 Cannot talk to daemon").Synchronised);
    }

    [Fact]
    public void Timedatectl_show_gives_ntp_synchronized()
    {
        Assert.True(ClockSyncState.FromTimedatectl("Timezone=UTC\nNTP=yes\nNTPSynchronized=yes\n").Synchronised);
        Assert.False(ClockSyncState.FromTimedatectl("NTPSynchronized=no\n").Synchronised);
        Assert.Null(ClockSyncState.FromTimedatectl("").Synchronised);
    }

    [Fact]
    public void A_finding_prints_status_check_detail_and_an_indented_hint()
    {
        Assert.Equal("OK   chat: fine", new DoctorFinding(DoctorStatus.Ok, "chat", "fine").ToString());
        Assert.Equal("FAIL chat: no answer\n     hint: start it", new DoctorFinding(DoctorStatus.Fail, "chat", "no answer", "start it").ToString());
    }
}
