using Terminal.Gui.Input;

namespace UdpSuite.Tui.Tests.Views;

public sealed class HistoryTests
{
    [Fact]
    public void Messages_survive_a_restart_and_Ctrl_F_finds_them()
    {
        string path = Path.Combine(Path.GetTempPath(), $"udpsuite-history-{Guid.NewGuid():N}.db");
        try
        {
            using (var first = new HeadlessChat(open: "瞎驴", historyPath: path))
            {
                first.Type("记得带伞");
                first.Press(Key.Enter);
                first.Session.Receive("武大郎", "炊饼 at noon");
            }

            using var second = new HeadlessChat(open: "瞎驴", historyPath: path);
            Assert.Contains("记得带伞", second.Screen);

            // The server never stored it before the restart: it goes out again by itself.
            Assert.Equal(("瞎驴", "记得带伞"), (Assert.Single(second.Session.Sent).To, second.Session.Sent[0].Text));
            Assert.Contains("[sending]", second.Screen);

            second.Press(Key.F.WithCtrl);
            second.Type("炊饼");
            second.Press(Key.Enter);

            // An incoming message reads sender → this user (it once read 武大郎 → 武大郎).
            Assert.Contains(second.Window.SearchPanel.ResultText, r => r.EndsWith("武大郎 → 狗哥alex", StringComparison.Ordinal));
            Assert.Contains("  炊饼 at noon", second.Window.SearchPanel.ResultText);
            Assert.Contains("炊饼 at noon", second.Screen);
        }
        finally
        {
            foreach (string file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*"))
            {
                File.Delete(file);
            }
        }
    }
}
