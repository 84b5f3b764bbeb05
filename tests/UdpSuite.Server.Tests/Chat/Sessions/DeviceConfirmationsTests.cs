using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Sessions.Devices;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Tests.Chat.Sessions;

public sealed class DeviceConfirmationsTests
{
    [Fact]
    public void The_cursor_moves_only_over_a_gap_free_run_of_confirmations()
    {
        var device = new DeviceConfirmations(cursor: 10);

        Assert.False(device.Confirm(12));
        Assert.False(device.Confirm(14));
        Assert.Equal(10UL, device.Cursor);
        Assert.True(device.Has(12) && device.Has(9) && !device.Has(11) && !device.Has(13));

        Assert.True(device.Confirm(11));
        Assert.Equal(12UL, device.Cursor);
        Assert.True(device.Confirm(13));
        Assert.Equal(14UL, device.Cursor);
        Assert.Equal(0, device.PendingCount);

        Assert.False(device.Confirm(14)); // repeated
        Assert.False(device.Confirm(3)); // old
    }

    [Fact]
    public void Confirmations_above_a_gap_are_bounded()
    {
        var device = new DeviceConfirmations(cursor: 0);
        for (ulong sequence = 2; sequence < 2 + DeviceConfirmations.MaxAboveCursor + 10; sequence++)
        {
            device.Confirm(sequence);
        }

        Assert.Equal(DeviceConfirmations.MaxAboveCursor, device.PendingCount);
        Assert.True(device.Confirm(1));
        Assert.Equal((ulong)(1 + DeviceConfirmations.MaxAboveCursor), device.Cursor);
    }

    [Fact]
    public void Watchers_see_the_chosen_presence_while_a_receiving_session_is_in_and_offline_otherwise()
    {
        var away = new PresenceChoice(PresenceState.Away, "午饭", 5, Instant.FromUnixTimeMilliseconds(5));
        var hidden = new PresenceChoice(PresenceState.Offline, "not shown", 6, Instant.FromUnixTimeMilliseconds(6));
        var online = new PresenceChoice(PresenceState.Online, "here", 7, Instant.FromUnixTimeMilliseconds(7));

        Assert.Equal((PresenceState.Online, string.Empty), AccountPresenceRule.Visible(null, hasReceivingSession: true, allReceivingIdle: false));
        Assert.Equal((PresenceState.Away, "午饭"), AccountPresenceRule.Visible(away, true, false));
        Assert.Equal((PresenceState.Offline, string.Empty), AccountPresenceRule.Visible(away, hasReceivingSession: false, allReceivingIdle: false));
        Assert.Equal((PresenceState.Offline, string.Empty), AccountPresenceRule.Visible(hidden, true, false));
        Assert.Equal((PresenceState.Away, "here"), AccountPresenceRule.Visible(online, true, allReceivingIdle: true));
        Assert.Equal((PresenceState.Online, "here"), AccountPresenceRule.Visible(online, true, allReceivingIdle: false));
    }
}
