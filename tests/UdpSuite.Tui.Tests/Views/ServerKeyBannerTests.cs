using Terminal.Gui.Input;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>
/// What the main window shows about the server's key when the client learns it while the window runs (the server was
/// down at start): a refused key fills the banner with both fingerprints and the known_servers line, a first pin is
/// announced there with its fingerprint.
/// </summary>
public sealed class ServerKeyBannerTests
{
    private const string Pinned = "SHA256:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq";
    private const string Presented = "SHA256:zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJ";

    private static readonly string Refusal = string.Join('\n',
    [
        "THE KEY OF SERVER 127.0.0.1:8081 HAS CHANGED: refused, nothing was sent.",
        $"  pinned:    {Pinned} (/h/.config/udpsuite/known_servers line 2)",
        $"  presented: {Presented}",
        "remove line 2 from /h/.config/udpsuite/known_servers (or pin it with --server-key).",
    ]);

    [Fact]
    public void A_key_refused_after_an_outage_shows_both_fingerprints_and_the_line_in_the_banner_instead_of_retrying()
    {
        using var chat = new HeadlessChat(open: "瞎驴", width: 130, height: 30);
        chat.Session.SetConnected(false);
        chat.Type("queued one");
        chat.Press(Key.Enter);

        chat.Session.RefuseServerKey(Refusal);

        string screen = chat.Screen;
        Assert.True(chat.Window.Banner.IsAlert);
        Assert.Contains("! THE KEY OF SERVER 127.0.0.1:8081 HAS CHANGED", screen);
        Assert.Contains($"pinned:    {Pinned}", screen);
        Assert.Contains("(/h/.config/udpsuite/known_servers line 2)", screen); // "_" is not taken for a hotkey mark
        Assert.Contains($"presented: {Presented}", screen);
        Assert.DoesNotContain("retrying", screen); // no retry will fix it, so the banner does not promise one
        Assert.Contains("queued one", screen); // the conversation stays visible under the taller banner
        Assert.Contains("[queued]", screen);
    }

    [Fact]
    public void A_pin_made_by_a_login_after_an_outage_is_announced_in_the_banner_and_stays_once_connected()
    {
        using var chat = new HeadlessChat(open: "瞎驴", width: 120);
        chat.Session.SetConnected(false);

        chat.Session.PinServerKey($"First contact with 127.0.0.1:8081: pinned its key {Presented} in /h/.config/udpsuite/known_servers.");

        Assert.True(chat.Session.IsConnected);
        Assert.False(chat.Window.Banner.IsAlert);
        Assert.Contains($"First contact with 127.0.0.1:8081: pinned its key {Presented}", chat.Screen);
    }
}
