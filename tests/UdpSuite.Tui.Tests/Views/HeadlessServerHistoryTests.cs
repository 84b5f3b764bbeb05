using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>A conversation opened for the first time in a run merges the server's newest page into the local history.</summary>
public sealed class HeadlessServerHistoryTests
{
    [Fact]
    public void Server_history_merges_by_id_in_time_order_without_duplicates_and_is_asked_once_per_run()
    {
        using var chat = new HeadlessChat(open: "武大郎");
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Guid known = chat.Session.Receive("瞎驴", "already here");
        var older = new HistoryEntry(2, Guid.NewGuid(), now.AddHours(-2).ToUnixTimeMilliseconds(), Outgoing: true, DeliveryState.Read, "狗哥alex", "from my other machine");
        var oldest = new HistoryEntry(1, Guid.NewGuid(), now.AddHours(-3).ToUnixTimeMilliseconds(), Outgoing: false, DeliveryState.Delivered, "瞎驴", "last week's 炊饼");
        var again = new HistoryEntry(3, known, now.ToUnixTimeMilliseconds(), Outgoing: false, DeliveryState.Delivered, "瞎驴", "already here");
        chat.Session.ServerHistory["瞎驴"] = [again, older, oldest];

        chat.Window.Contacts.Select("瞎驴");
        chat.Window.Contacts.Select("武大郎");
        chat.Window.Contacts.Select("瞎驴");

        Assert.Equal(["last week's 炊饼", "from my other machine", "already here"], chat.Window.Book.With("瞎驴").Select(m => m.Text));
        Assert.True(chat.Window.Book.With("瞎驴")[1].Outgoing);
        Assert.Equal(0, chat.Window.Book.Unread("瞎驴"));
        Assert.Equal(1, chat.Session.HistoryRequests.Count(n => n == "瞎驴"));
        Assert.Contains("last week's 炊饼", chat.Screen, StringComparison.Ordinal);
    }
}
