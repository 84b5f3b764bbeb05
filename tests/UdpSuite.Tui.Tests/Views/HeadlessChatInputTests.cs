using Terminal.Gui.Input;
using UdpSuite.Tui.Input;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>Issue 17, item 6: multi-line input, input history, whole pastes.</summary>
public sealed class HeadlessChatInputTests
{
    [Fact]
    public void Alt_Enter_as_a_terminal_sends_it_keeps_the_line_and_the_text_typed_right_after()
    {
        using var chat = new HeadlessChat(open: "瞎驴");

        chat.Feed("第一行\u001b\rsecond 🍞");
        Assert.Contains("(+1 line) 第一行", chat.Screen);
        chat.Press(Key.Enter);

        Assert.Equal("第一行\nsecond 🍞", Assert.Single(chat.Session.Sent).Text);
    }

    [Fact]
    public void Ctrl_J_starts_a_new_line()
    {
        using var chat = new HeadlessChat(open: "瞎驴");

        chat.Type("a");
        chat.Press(Key.J.WithCtrl);
        chat.Type("b");
        chat.Press(Key.Enter);

        Assert.Equal("a\nb", Assert.Single(chat.Session.Sent).Text);
    }

    [Fact]
    public void Bracketed_paste_of_5000_CJK_characters_arrives_whole_and_shows_at_once()
    {
        using var chat = new HeadlessChat(open: "瞎驴");
        // 5,000 characters: six CJK (3 UTF-8 bytes each) then an emoji (4 bytes, a surrogate pair), over and over.
        string text = string.Concat(Enumerable.Range(0, 5000).Select(i => i % 7 == 6 ? "🍞" : "一棵树武大郎"[i % 7].ToString())) + "END-OF-CJK";

        chat.Feed($"\u001b[200~{text}\u001b[201~");

        Assert.Equal(text, chat.Window.Compose.Input.Text);
        Assert.Contains("END-OF-CJK", chat.Screen); // shown without another key
        chat.Press(Key.Enter);
        Assert.Equal(text, Assert.Single(chat.Session.Sent).Text);
    }

    [Fact]
    public void Pasted_line_breaks_become_lines_of_the_message()
    {
        using var chat = new HeadlessChat(open: "瞎驴");
        chat.Type("前 ");

        chat.Feed("\u001b[200~行一\r\n行二\r行三\n末\u001b[201~");
        chat.Type(" 后");
        chat.Press(Key.Enter);

        Assert.Equal("前 行一\n行二\n行三\n末 后", Assert.Single(chat.Session.Sent).Text);
    }

    [Fact]
    public void Long_ASCII_paste_shows_in_the_input_before_the_next_key()
    {
        using var chat = new HeadlessChat(open: "瞎驴");
        string text = new string('x', 1990) + "END-ASCII";

        chat.Feed($"\u001b[200~{text}\u001b[201~");

        Assert.Contains("END-ASCII", chat.Screen);
        Assert.Equal(text, chat.Window.Compose.Input.Text);
    }

    [Fact]
    public void Paste_into_the_search_field_takes_its_first_line()
    {
        using var chat = new HeadlessChat(open: "瞎驴");
        chat.Press(Key.F.WithCtrl);

        chat.Feed("\u001b[200~炊饼\nsecond line\u001b[201~");

        Assert.Equal("炊饼", chat.Window.SearchPanel.Query.Text);
        Assert.Empty(chat.Window.Compose.Input.Text);
    }

    [Fact]
    public void Up_and_Down_walk_through_sent_messages_and_back_to_the_draft()
    {
        using var chat = new HeadlessChat(open: "瞎驴");
        chat.Type("one");
        chat.Press(Key.Enter);
        chat.Feed("two\u001b\rlines");
        chat.Press(Key.Enter);
        chat.Type("draft");

        chat.Press(Key.CursorUp);
        Assert.Equal("two\nlines", chat.Window.Compose.Message);
        chat.Press(Key.CursorUp);
        Assert.Equal("one", chat.Window.Compose.Message);
        chat.Press(Key.CursorUp);
        Assert.Equal("one", chat.Window.Compose.Message);
        chat.Press(Key.CursorDown);
        chat.Press(Key.CursorDown);
        Assert.Equal("draft", chat.Window.Compose.Message);

        chat.Press(Key.CursorUp);
        chat.Press(Key.Enter);
        Assert.Equal(["one", "two\nlines", "two\nlines"], chat.Session.Sent.Select(s => s.Text));
    }

    [Fact]
    public void Up_reaches_messages_sent_before_a_restart()
    {
        string path = Path.Combine(Path.GetTempPath(), $"udpsuite-input-{Guid.NewGuid():N}.db");
        try
        {
            using (var first = new HeadlessChat(open: "瞎驴", historyPath: path))
            {
                first.Type("上次说的");
                first.Press(Key.Enter);
            }

            using var second = new HeadlessChat(open: "瞎驴", historyPath: path);
            second.Press(Key.CursorUp);
            Assert.Equal("上次说的", second.Window.Compose.Message);
        }
        finally
        {
            foreach (string file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public void The_Alt_Enter_sequence_is_the_one_Terminal_Gui_reads_as_Alt_Enter()
    {
        using var chat = new HeadlessChat(open: "瞎驴");
        Key? seen = null;
        chat.App.Keyboard.KeyDown += (_, key) => seen ??= key;

        chat.Feed(TerminalInputDecoder.AltEnterSequence);

        Assert.NotNull(seen);
        Assert.True(UdpSuite.Tui.Views.KeyMap.IsNewLine(seen), $"read as {seen}");
    }
}
