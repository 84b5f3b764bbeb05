using Terminal.Gui.Input;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>My own presence: in the status bar, set from the client, away after idle time where typing counts.</summary>
public sealed class MyPresenceTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_status_bar_shows_my_presence_and_status_as_set_from_the_client()
    {
        using var chat = new HeadlessChat(open: "瞎驴", width: 120, height: 40);
        Assert.Contains("● online", chat.Screen);

        chat.Window.SetMyPresence(PresenceState.Away, " 开会中 📅 ");

        Assert.Equal((PresenceState.Away, "开会中 📅"), chat.Session.PresenceSets[^1]);
        Assert.Contains("◐ away: 开会中 📅", chat.Screen);
        chat.Window.SetMyPresence(PresenceState.Offline, string.Empty);
        Assert.Contains("○ invisible", chat.Screen);
    }

    [Fact]
    public void Idle_time_makes_me_away_and_the_next_key_brings_me_back()
    {
        var clock = new ManualClock(Noon);
        using var chat = new HeadlessChat(open: "瞎驴", clock: clock, width: 120, height: 40);

        clock.Advance(TimeSpan.FromMinutes(4));
        chat.Window.CheckIdle();
        Assert.Empty(chat.Session.PresenceSets);

        clock.Advance(TimeSpan.FromMinutes(1));
        chat.Window.CheckIdle();
        Assert.Equal((PresenceState.Away, string.Empty), Assert.Single(chat.Session.PresenceSets));
        Assert.Contains("◐ away (idle)", chat.Screen);

        chat.Type("x");
        Assert.Equal(PresenceState.Online, chat.Session.PresenceSets[^1].State);
        Assert.Contains("● online", chat.Screen);
    }

    [Fact]
    public void Typing_without_sending_counts_as_activity_for_the_client_and_the_server()
    {
        var clock = new ManualClock(Noon);
        using var chat = new HeadlessChat(open: "瞎驴", clock: clock);

        for (int minute = 0; minute < 10; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            chat.Type("字");
            chat.Window.CheckIdle();
        }

        Assert.DoesNotContain(chat.Session.PresenceSets, p => p.State == PresenceState.Away);
        Assert.True(chat.Session.PresenceSets.Count >= 5, "the server hears of the typing at least every other minute");
        Assert.All(chat.Session.PresenceSets, p => Assert.Equal(PresenceState.Online, p.State));
    }

    [Fact]
    public void A_chosen_away_or_invisible_is_not_undone_by_typing()
    {
        var clock = new ManualClock(Noon);
        using var chat = new HeadlessChat(open: "瞎驴", clock: clock);
        chat.Window.SetMyPresence(PresenceState.Offline, string.Empty);

        clock.Advance(TimeSpan.FromMinutes(10));
        chat.Window.CheckIdle();
        chat.Press(Key.A);

        Assert.Equal((PresenceState.Offline, string.Empty), Assert.Single(chat.Session.PresenceSets));
    }
}
