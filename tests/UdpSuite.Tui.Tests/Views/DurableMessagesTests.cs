using Terminal.Gui.Input;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Conversations;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>
/// What the full-screen client promises about messages: a received one is confirmed only after the history stored it
/// (and once more, not shown twice, when the server delivers it again); a typed one is stored before it is sent, goes
/// out again after a restart under the same id, and quitting with unsent ones asks first. Presence known at login shows
/// before any change is reported.
/// </summary>
public sealed class DurableMessagesTests : IDisposable
{
    private readonly string _history = Path.Combine(Path.GetTempPath(), $"udpsuite-durable-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (string file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_history) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_received_message_is_confirmed_only_after_the_history_stored_it()
    {
        using var chat = new HeadlessChat(open: "瞎驴", historyPath: _history);
        var storedWhenConfirmed = new List<bool>();
        chat.Session.OnConfirm = message => storedWhenConfirmed.Add(chat.History!.LoadAll().Any(m => m.Id == message.Id));

        Guid id = chat.Session.Receive("武大郎", "炊饼 🍞 来了");

        Assert.Equal([id], chat.Session.Confirmed);
        Assert.Equal([true], storedWhenConfirmed);
        Assert.True(chat.Session.Started);
    }

    [Fact]
    public void A_message_delivered_again_is_confirmed_again_but_stored_and_counted_once()
    {
        using var chat = new HeadlessChat(open: "瞎驴", historyPath: _history);
        Guid id = Guid.NewGuid();

        chat.Session.Receive(id, "武大郎", "只一次");
        chat.Session.Receive(id, "武大郎", "只一次");

        Assert.Equal([id, id], chat.Session.Confirmed);
        Assert.Single(chat.History!.LoadAll(), m => m.Id == id);
        Assert.Equal(1, chat.Window.Book.Unread("武大郎"));
    }

    [Fact]
    public void Unsent_messages_go_out_again_after_a_restart_in_order_under_their_ids()
    {
        List<(Guid Id, string To, string Text)> typed;
        using (var first = new HeadlessChat(open: "瞎驴", historyPath: _history))
        {
            first.Session.SetConnected(false);
            foreach (string text in new[] { "一 first", "二 second 🙂", "三 third" })
            {
                first.Type(text);
                first.Press(Key.Enter);
            }

            first.Session.Deliver(first.Session.Sent[0].Id, DeliveryState.Sent); // only the first was stored before the restart
            typed = first.Session.Sent;
        }

        using var second = new HeadlessChat(open: "瞎驴", historyPath: _history);

        Assert.Equal(typed.Skip(1), second.Session.Sent);
        Assert.Contains("✓ sent", second.Screen);
        Assert.Equal(2, second.Window.Book.Unsent().Count);
    }

    [Fact]
    public void Presence_known_at_login_shows_before_any_change_is_reported()
    {
        using var chat = new HeadlessChat(prepareSession: session => session.KnowPresence("瞎驴", PresenceState.Online));

        Assert.Equal(PresenceState.Online, chat.Window.PresenceOf("瞎驴"));
        Assert.Contains("● 瞎驴", chat.Screen);
    }

    [Fact]
    public void Quitting_with_unsent_messages_asks_first_and_staying_keeps_the_client_running()
    {
        using var chat = new HeadlessChat(open: "瞎驴", historyPath: _history);
        chat.Session.SetConnected(false);
        chat.Type("还没发出去");
        chat.Press(Key.Enter);

        string? asked = chat.PressAndAnswerDialog(Key.Q.WithCtrl, Key.Esc);

        Assert.NotNull(asked);
        Assert.Contains("1 message is not sent yet", asked);
        Assert.False(chat.Window.StopRequested);

        chat.PressAndAnswerDialog(Key.Q.WithCtrl, Key.Q);
        Assert.True(chat.Window.StopRequested);
        ConversationMessage kept = Assert.Single(chat.History!.LoadAll());
        Assert.Equal(DeliveryState.Sending, kept.State);
    }
}
