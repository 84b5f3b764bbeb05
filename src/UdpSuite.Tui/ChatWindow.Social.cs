using Terminal.Gui.Input;
using Terminal.Gui.Views;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.Views;

namespace UdpSuite.Tui;

// The Contacts and Groups menus and their keys (F2 my presence, F3 add a contact, F4 members, Ctrl+G new group), seen
// before any view like the other global keys; every key pressed also counts as activity for the idle timer.
internal sealed partial class ChatWindow
{
    private MenuBarItem[] SocialMenus() =>
    [
        new MenuBarItem("C_ontacts",
        [
            new MenuItem("_Add contact…", Key.F3, AskAddContact),
            new MenuItem("Re_name contact…", string.Empty, AskRenameContact, Key.Empty),
            new MenuItem("_Remove contact", string.Empty, AskRemoveContact, Key.Empty),
            new MenuItem("My _presence and status…", Key.F2, AskMyPresence),
        ]),
        new MenuBarItem("_Groups",
        [
            new MenuItem("_New group…", Key.G.WithCtrl, AskCreateGroup),
            new MenuItem("_Join group…", string.Empty, AskJoinGroup, Key.Empty),
            new MenuItem("_Members…", Key.F4, ShowMembers),
            new MenuItem("_Rename group…", string.Empty, AskRenameGroup, Key.Empty),
            new MenuItem("_Leave group", string.Empty, AskLeaveGroup, Key.Empty),
        ]),
    ];

    private void OnSocialKey(object? sender, Key key)
    {
        if (App?.TopRunnableView != this)
        {
            return; // a dialog keeps its own keys
        }

        NoteActivity();
        Action? action = null;
        if (key == Key.F2)
        {
            action = AskMyPresence;
        }
        else if (key == Key.F3)
        {
            action = AskAddContact;
        }
        else if (key == Key.F4)
        {
            action = ShowMembers;
        }
        else if (key == Key.G.WithCtrl)
        {
            action = AskCreateGroup;
        }

        if (action is not null)
        {
            key.Handled = true;
            action();
        }
    }

    /// <summary>The group selected in the list, or null (with a hint in the banner).</summary>
    private string? SelectedGroup()
    {
        if (SelectedContact is { IsGroup: true } group)
        {
            return group.Account;
        }

        Banner.ShowAlert("select a group in the contacts list first (they are listed under [Group chats])");
        return null;
    }

    /// <summary>Runs a request to the server; its failure goes to the banner in words, its success to <paramref name="then"/> on the UI thread.</summary>
    private async Task RequestAsync(string what, Func<Task> request, Action? then = null)
    {
        try
        {
            await request().ConfigureAwait(false);
            RunOnUi(() =>
            {
                UpdateBanner();
                then?.Invoke();
            });
        }
        catch (Exception ex) when (ex is Client.Chat.ChatException or ArgumentException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            RunOnUi(() => Banner.ShowAlert($"{what}: {ex.Message}"));
        }
    }

    /// <summary>Creates a group (with an optional invite code) and opens its conversation.</summary>
    internal Task CreateGroup(string name, string? inviteCode) =>
        RequestAsync($"group {name} not created", () => _session.CreateGroupAsync(name.Trim(), inviteCode), () => AfterGroupChange(name.Trim()));

    /// <summary>Joins a group (with its invite code when it has one) and opens its conversation.</summary>
    internal Task JoinGroup(string name, string? inviteCode) =>
        RequestAsync($"group {name} not joined", () => _session.JoinGroupAsync(name.Trim(), inviteCode), () => AfterGroupChange(name.Trim()));

    /// <summary>Leaves a group; its conversation stays listed (the history is kept), marked "not a member".</summary>
    internal Task LeaveGroup(string name) =>
        RequestAsync($"group {name} not left", () => _session.LeaveGroupAsync(name), () => AfterGroupChange(name));

    /// <summary>Renames a group (owner only) and opens it under its new name (earlier messages stay under the old one).</summary>
    internal Task RenameGroup(string name, string newName) =>
        RequestAsync($"group {name} not renamed", () => _session.RenameGroupAsync(name, newName.Trim()), () =>
        {
            _extraGroups.Remove(name);
            _groups.Remove(name);
            AfterGroupChange(newName.Trim());
        });

    private void AfterGroupChange(string group)
    {
        OpenConversation(ConversationId.Group(group));
        RefreshFromServer();
    }

    private void AskCreateGroup()
    {
        if (App is { } app && FormDialog.Ask(app, "New group", "Other users join it by its name (and the invite code, when you set one).",
                [new FormField("Group name:"), new FormField("Invite code (optional):")]) is [var name, var code] && name.Trim().Length > 0)
        {
            _ = CreateGroup(name, code.Trim().Length > 0 ? code.Trim() : null);
        }
    }

    private void AskJoinGroup()
    {
        if (App is { } app && FormDialog.Ask(app, "Join a group", null, [new FormField("Group name:"), new FormField("Invite code (if it has one):")]) is [var name, var code]
            && name.Trim().Length > 0)
        {
            _ = JoinGroup(name, code.Trim().Length > 0 ? code.Trim() : null);
        }
    }

    private void AskLeaveGroup()
    {
        if (SelectedGroup() is { } group && App is { } app
            && MessageBox.Query(app, "Leave group", $"Leave #{group}? Its messages stay in your history; new ones stop coming.", "_Leave", "_Stay") == 0)
        {
            _ = LeaveGroup(group);
        }
    }

    private void AskRenameGroup()
    {
        if (SelectedGroup() is { } group && App is { } app
            && FormDialog.Ask(app, $"Rename #{group}", "Only the group's owner can rename it.", [new FormField("New name:", group)]) is [var newName]
            && newName.Trim().Length > 0 && newName.Trim() != group)
        {
            _ = RenameGroup(group, newName);
        }
    }

    /// <summary>F4: the members of the selected group, with their presence, the owner marked.</summary>
    private void ShowMembers()
    {
        if (SelectedGroup() is not { } group)
        {
            return;
        }

        _ = RequestAsync($"members of {group} not listed", async () =>
        {
            IReadOnlyList<Client.Chat.GroupMember> members = await _session.GroupMembersAsync(group).ConfigureAwait(false);
            RunOnUi(() =>
            {
                _groupMembers[group] = members;
                if (App is { } app)
                {
                    MembersDialog.Show(app, group, members, _session.UserName, account => PresenceReport(account)?.State);
                }
            });
        });
    }
}
