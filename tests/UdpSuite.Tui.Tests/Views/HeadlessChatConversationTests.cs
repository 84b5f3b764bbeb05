using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.History;
using UdpSuite.Tui.Views;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>Issue 17, item 5: scrolling back, the "n new" marker, days and times, marks, failures in words, copying, loading earlier messages.</summary>
public sealed class HeadlessChatConversationTests : IDisposable
{
    private readonly string _historyPath = Path.Combine(Path.GetTempPath(), $"udpsuite-conv-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (string file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_historyPath) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Scrolled_back_the_view_stays_put_and_counts_new_messages_until_Ctrl_End()
    {
        Seed(60, DateTimeOffset.Now.AddMinutes(-90));
        using var chat = new HeadlessChat(open: "瞎驴", historyPath: _historyPath);
        ConversationPane pane = chat.Window.Conversation;
        Assert.True(pane.AtNewest);

        chat.Press(Key.PageUp); // from the input line
        chat.Press(Key.PageUp);
        Assert.False(pane.AtNewest);
        int top = pane.Lines.Viewport.Y;

        chat.Session.Receive("瞎驴", "新消息一");
        chat.Session.Receive("瞎驴", "新消息二");

        Assert.Equal(top, pane.Lines.Viewport.Y);
        Assert.Equal(2, pane.Unseen);
        Assert.Contains("▼ 2 new messages below (Ctrl+End)", chat.Screen);
        Assert.DoesNotContain("新消息二", chat.Screen);

        chat.Press(Key.End.WithCtrl);
        Assert.True(pane.AtNewest);
        Assert.Contains("新消息二", chat.Screen);
        Assert.DoesNotContain("new messages below", chat.Screen);
    }

    [Fact]
    public void The_mouse_wheel_scrolls_back_and_forth_and_the_marker_goes_at_the_bottom()
    {
        Seed(60, DateTimeOffset.Now.AddMinutes(-90));
        using var chat = new HeadlessChat(open: "瞎驴", historyPath: _historyPath);
        ConversationPane pane = chat.Window.Conversation;
        var inside = new System.Drawing.Point(pane.Lines.FrameToScreen().X + 2, pane.Lines.FrameToScreen().Y + 2);

        for (int i = 0; i < 10; i++)
        {
            chat.App.InjectMouse(new Mouse { Flags = MouseFlags.WheeledUp, ScreenPosition = inside });
        }

        chat.App.LayoutAndDraw();
        Assert.False(pane.AtNewest);
        chat.Session.Receive("瞎驴", "新的");
        Assert.Equal(1, pane.Unseen);

        for (int i = 0; i < 40 && !pane.AtNewest; i++)
        {
            chat.App.InjectMouse(new Mouse { Flags = MouseFlags.WheeledDown, ScreenPosition = inside });
        }

        chat.App.LayoutAndDraw();
        Assert.True(pane.AtNewest);
        Assert.Equal(0, pane.Unseen);
        Assert.DoesNotContain("new message below", chat.Screen);
    }

    [Fact]
    public void Days_are_separated_and_each_message_shows_its_time()
    {
        DateTimeOffset yesterday = DateTimeOffset.Now.AddDays(-1);
        Save(new ConversationMessage(Guid.NewGuid(), "瞎驴", "瞎驴", "昨天的消息", yesterday, outgoing: false, DeliveryState.Read));
        Save(new ConversationMessage(Guid.NewGuid(), "瞎驴", "瞎驴", "今天的消息", DateTimeOffset.Now, outgoing: false, DeliveryState.Read));
        using var chat = new HeadlessChat(open: "瞎驴", historyPath: _historyPath);

        IReadOnlyList<string> lines = chat.Window.Conversation.ShownLines;
        string Day(DateTimeOffset t) => t.ToLocalTime().ToString("ddd yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        int first = IndexOf(lines, Day(yesterday));
        int second = IndexOf(lines, Day(DateTimeOffset.Now));
        Assert.True(first >= 0 && second > first, string.Join('\n', lines));
        Assert.Contains(lines, l => l.StartsWith("瞎驴 " + yesterday.ToLocalTime().ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public void Sent_delivered_and_read_marks()
    {
        using var chat = new HeadlessChat(open: "瞎驴");
        chat.Type("你好");
        chat.Press(Key.Enter);
        Guid id = chat.Session.Sent[0].Id;

        chat.Session.Deliver(id, DeliveryState.Sent);
        Assert.Contains("✓ sent", chat.Screen);
        chat.Session.Deliver(id, DeliveryState.Delivered);
        Assert.Contains("✓✓ delivered", chat.Screen);
        chat.Session.Deliver(id, DeliveryState.Read);
        Assert.Contains("✓✓ read", chat.Screen);
    }

    [Fact]
    public void Unknown_account_is_said_in_words_and_Ctrl_R_does_not_resend_it()
    {
        using var chat = new HeadlessChat(open: "瞎驴");
        chat.Type("hello");
        chat.Press(Key.Enter);

        chat.Session.Reject(chat.Session.Sent[0].Id, ChatErrorCode.UnknownRecipient);
        string screen = chat.Screen;
        Assert.Contains("[failed: no such account on the server]", screen);
        Assert.DoesNotContain("Ctrl+R retries", screen);

        chat.Press(Key.R.WithCtrl);
        Assert.Single(chat.Session.Sent);
        Assert.Contains("not retried: no such account on the server", chat.Screen);
    }

    [Fact]
    public void Too_large_is_not_retried_and_an_unreachable_server_is()
    {
        using var chat = new HeadlessChat(open: "瞎驴", width: 120, height: 30);
        chat.Type("big");
        chat.Press(Key.Enter);
        chat.Session.Reject(chat.Session.Sent[0].Id, ChatErrorCode.MessageTooLarge);
        chat.Type("late");
        chat.Press(Key.Enter);
        chat.Session.Reject(chat.Session.Sent[1].Id, ChatErrorCode.None);

        string screen = chat.Screen;
        Assert.Contains("[failed: too large for the server]", screen);
        Assert.Contains("[failed: server unreachable; Ctrl+R retries]", screen);

        chat.Press(Key.R.WithCtrl);
        Assert.Equal(["big", "late", "late"], chat.Session.Sent.Select(s => s.Text));
    }

    [Fact]
    public void Ctrl_Y_copies_the_newest_or_the_selected_message()
    {
        using var chat = new HeadlessChat(open: "瞎驴");
        chat.Session.Receive("瞎驴", "第一条 🍞");
        chat.Session.Receive("瞎驴", "第二条");

        chat.Press(Key.Y.WithCtrl);
        Assert.Equal("第二条", chat.App.Clipboard!.GetClipboardData());
        Assert.Contains(chat.TerminalWrites, w => w == $"\u001b]52;c;{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("第二条"))}\a");

        chat.Window.Conversation.Lines.SetFocus();
        chat.Window.Conversation.Lines.SelectedItem = chat.Window.Conversation.ShownLines.ToList().FindIndex(l => l.Contains("第一条", StringComparison.Ordinal));
        chat.Press(Key.Y.WithCtrl);
        Assert.Equal("第一条 🍞", chat.App.Clipboard!.GetClipboardData());
    }

    [Fact]
    public void Earlier_messages_load_when_the_reader_reaches_the_top()
    {
        Seed(ConversationPane.PageSize + 50, DateTimeOffset.Now.AddHours(-5));
        using var chat = new HeadlessChat(open: "瞎驴", historyPath: _historyPath);
        ConversationPane pane = chat.Window.Conversation;
        Assert.Equal(ConversationPane.PageSize, pane.LoadedCount);
        Assert.StartsWith("▲ 50 earlier messages", pane.ShownLines[0], StringComparison.Ordinal);

        for (int i = 0; i < 200 && pane.LoadedCount == ConversationPane.PageSize; i++)
        {
            chat.Press(Key.PageUp);
        }

        Assert.Equal(ConversationPane.PageSize + 50, pane.LoadedCount);
        Assert.True(pane.Lines.Viewport.Y > 0, "the view stays where the reader was, the loaded messages above it");
        Assert.Contains(pane.ShownLines, l => l == "  message 0");
    }

    private static int IndexOf(IReadOnlyList<string> lines, string text)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Contains(text, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private void Seed(int count, DateTimeOffset from)
    {
        using var history = new ChatHistory(_historyPath);
        for (int i = 0; i < count; i++)
        {
            history.Save(new ConversationMessage(Guid.NewGuid(), "瞎驴", "瞎驴", $"message {i}", from.AddSeconds(i), outgoing: false, DeliveryState.Read));
        }
    }

    private void Save(ConversationMessage message)
    {
        using var history = new ChatHistory(_historyPath);
        history.Save(message);
    }
}
