using System.Net;
using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Protocol.Tests.Security.Channel;

public sealed class HandshakeLoadGateTests
{
    private static readonly IPAddress Alice = IPAddress.Parse("127.0.1.1");
    private static readonly IPAddress Mallory = IPAddress.Parse("127.0.1.2");

    [Fact]
    public void Idle_server_admits_openings_without_cookie()
    {
        var gate = new HandshakeLoadGate(new HandshakeLoadOptions());
        Assert.Equal(HandshakeAdmission.Admit, gate.Decide(Alice, CookieCheck.None, TimeSpan.Zero));
        Assert.Equal(HandshakeAdmission.Admit, gate.Decide(Alice, CookieCheck.Invalid, TimeSpan.Zero));
    }

    [Fact]
    public void From_the_pending_threshold_openings_without_a_valid_cookie_get_a_cookie_reply()
    {
        var gate = new HandshakeLoadGate(new HandshakeLoadOptions { CookieThreshold = 2, MaxPendingPerAddress = 8 });
        gate.PendingStarted(Mallory);
        Assert.Equal(HandshakeAdmission.Admit, gate.Decide(Alice, CookieCheck.None, TimeSpan.Zero));
        gate.PendingStarted(Mallory);
        Assert.Equal(HandshakeAdmission.SendCookie, gate.Decide(Alice, CookieCheck.None, TimeSpan.Zero));
        Assert.Equal(HandshakeAdmission.SendCookie, gate.Decide(Alice, CookieCheck.Invalid, TimeSpan.Zero));
        Assert.Equal(HandshakeAdmission.Admit, gate.Decide(Alice, CookieCheck.Valid, TimeSpan.Zero));
        gate.PendingEnded(Mallory);
        Assert.Equal(HandshakeAdmission.Admit, gate.Decide(Alice, CookieCheck.None, TimeSpan.Zero));
    }

    [Fact]
    public void A_burst_of_openings_over_the_rate_turns_on_cookies_until_the_rate_falls()
    {
        var gate = new HandshakeLoadGate(new HandshakeLoadOptions { CookieRatePerSecond = 10 });
        for (int k = 0; k < 11; k++)
        {
            Assert.Equal(HandshakeAdmission.Admit, gate.Decide(Mallory, CookieCheck.None, TimeSpan.FromMilliseconds(k)));
        }

        Assert.Equal(HandshakeAdmission.SendCookie, gate.Decide(Alice, CookieCheck.None, TimeSpan.FromMilliseconds(20)));
        Assert.Equal(HandshakeAdmission.SendCookie, gate.Decide(Alice, CookieCheck.None, TimeSpan.FromMilliseconds(1500)));
        Assert.Equal(HandshakeAdmission.Admit, gate.Decide(Alice, CookieCheck.None, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Pending_handshakes_are_capped_per_address_and_in_total_and_the_table_stays_bounded()
    {
        var gate = new HandshakeLoadGate(new HandshakeLoadOptions { CookieThreshold = 100, MaxPendingPerAddress = 2, MaxPending = 100, CookieRatePerSecond = 1_000_000 });
        gate.PendingStarted(Mallory);
        gate.PendingStarted(Mallory);
        Assert.Equal(HandshakeAdmission.DropAddressCap, gate.Decide(Mallory, CookieCheck.Valid, TimeSpan.Zero));
        Assert.Equal(HandshakeAdmission.Admit, gate.Decide(Alice, CookieCheck.None, TimeSpan.Zero));

        for (int k = 0; k < 2_000 && gate.Pending < 100; k++)
        {
            var address = new IPAddress([10, 0, (byte)(k / 256), (byte)k]);
            if (gate.Decide(address, CookieCheck.Valid, TimeSpan.Zero) == HandshakeAdmission.Admit)
            {
                gate.PendingStarted(address);
            }
        }

        Assert.Equal(HandshakeAdmission.DropTableFull, gate.Decide(Alice, CookieCheck.Valid, TimeSpan.Zero));
        Assert.True(gate.TrackedAddresses <= 100);
    }

    [Fact]
    public void Ending_a_handshake_that_was_never_counted_is_a_bug_and_throws()
    {
        var gate = new HandshakeLoadGate(new HandshakeLoadOptions());
        Assert.Throws<InvalidOperationException>(() => gate.PendingEnded(Alice));
        Assert.Throws<ArgumentException>(() => new HandshakeLoadGate(new HandshakeLoadOptions { CookieThreshold = 20, MaxPending = 10 }));
    }
}
