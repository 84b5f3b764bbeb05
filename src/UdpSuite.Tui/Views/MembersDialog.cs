using System.Collections.ObjectModel;
using Terminal.Gui.App;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Text;

namespace UdpSuite.Tui.Views;

/// <summary>F4: a group's members in the order they joined, each with a presence marker; the owner and I are marked.</summary>
internal static class MembersDialog
{
    public static void Show(IApplication app, string group, IReadOnlyList<GroupMember> members, string me, Func<string, PresenceState?> presence)
    {
        ObservableCollection<string> rows = [.. Rows(members, me, presence)];
        using var dialog = new Dialog { Title = $"#{group}: {members.Count} member{(members.Count == 1 ? string.Empty : "s")}", Width = Dim.Percent(70), Height = Dim.Percent(70) };
        var list = new ListView { X = 1, Y = 0, Width = Dim.Fill(1), Height = Dim.Fill(1) };
        list.SetSource(rows);
        var close = new Button { Title = "_Close", IsDefault = true };
        close.Accepting += (_, e) =>
        {
            e.Handled = true;
            app.RequestStop(dialog);
        };
        list.Accepting += (_, e) =>
        {
            e.Handled = true;
            app.RequestStop(dialog); // Enter on the list closes too
        };
        dialog.Add(list);
        dialog.AddButton(close);
        list.SetFocus();
        app.Run(dialog);
    }

    /// <summary>" ● 瞎驴 (owner)", " · 狗哥alex (me)".</summary>
    internal static IEnumerable<string> Rows(IReadOnlyList<GroupMember> members, string me, Func<string, PresenceState?> presence) =>
        members.Select(m =>
        {
            string marks = (m.IsOwner, m.Name == me) switch
            {
                (true, true) => " (owner, me)",
                (true, false) => " (owner)",
                (false, true) => " (me)",
                _ => string.Empty,
            };
            return $" {ContactEntry.Marker(m.Name == me ? null : presence(m.Name))} {TerminalText.Neutralise(m.Name)}{marks}";
        });
}
