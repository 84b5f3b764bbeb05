using Terminal.Gui.Input;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>While the server is unreachable: presence marks turn unknown, the banner says since when, sends queue.</summary>
public sealed class ConnectionStateTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Presence_marks_turn_unknown_and_the_banner_says_since_when_and_comes_back()
    {
        var clock = new ManualClock(Noon);
        using var chat = new HeadlessChat(open: "瞎驴", clock: clock, width: 120, height: 40);
        chat.Session.SetPresence("一棵树", PresenceState.Online, "值班");
        Assert.Contains("● 一棵树 值班", chat.Screen);

        chat.Session.SetConnected(false);
        string screen = chat.Screen;
        Assert.Contains("· 一棵树", screen);
        Assert.DoesNotContain("● 一棵树", screen);
        Assert.Contains("unreachable since 12:00:00", screen);
        Assert.Contains("not connected", screen); // my own presence in the status bar

        clock.Advance(TimeSpan.FromMinutes(3));
        chat.Window.CheckIdle();
        Assert.Contains("unreachable since 12:00:00 (3 min)", chat.Screen);

        chat.Type("排队的消息 🕐");
        chat.Press(Key.Enter);
        Assert.Contains("[queued]", chat.Screen);
        Assert.Contains("1 message queued", chat.Screen);

        chat.Session.SetConnected(true);
        screen = chat.Screen;
        Assert.Contains("● 一棵树 值班", screen);
        Assert.DoesNotContain("unreachable", screen);
    }
}
