using UdpSuite.Client.AddressBook;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.Views;
using UdpSuite.Protocol.Text;

namespace UdpSuite.Tui;

// The contacts list: who is listed (address book, server-side contacts, co-members of my groups, everyone in the local
// history, accounts opened here), presence, unknown accounts, and the selected conversation.
internal sealed partial class ChatWindow
{
    private const string NotInAddressBook = "not in contacts.json";
    private readonly HashSet<string> _extraPeople = new(StringComparer.Ordinal);
    private readonly HashSet<string> _extraGroups = new(StringComparer.Ordinal);
    private readonly HashSet<string> _serverContacts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unknownAccounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GroupSummary> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<GroupMember>> _groupMembers = new(StringComparer.Ordinal);

    private void AddressBookChanged()
    {
        AddressBookDocument current = _options.AddressBook.Current;
        RebuildSidebar();
        _session.Watch([.. WatchedAccounts(current)]);
        TimePanel.UseSettings(current.Time);
        UpdateBanner();
    }

    /// <summary>The address book's accounts and my groups' co-members: the server reports presence only for server-side contacts.</summary>
    private IEnumerable<string> WatchedAccounts(AddressBookDocument book) =>
        book.Contacts.Select(c => c.Account)
            .Concat(_groupMembers.Values.SelectMany(m => m).Select(m => m.Name))
            .Concat(_extraPeople)
            .Where(a => a != _session.UserName && !_unknownAccounts.Contains(a))
            .Distinct(StringComparer.Ordinal);

    /// <summary>Every conversation the sidebar offers, built from everything known; the pane filters and sorts.</summary>
    private void RebuildSidebar()
    {
        AddressBookDocument book = _options.AddressBook.Current;
        List<SidebarItem> items = [];
        IEnumerable<string> groups = _groups.Keys.Concat(_extraGroups).Concat(_book.Conversations.Where(c => c.IsGroup).Select(c => c.Name)).Distinct(StringComparer.Ordinal);
        foreach (string group in groups.Order(StringComparer.Ordinal))
        {
            string note = _groups.TryGetValue(group, out GroupSummary? summary)
                ? $"{summary.MemberCount} member{(summary.MemberCount == 1 ? string.Empty : "s")}{(summary.IsOwner ? ", mine" : string.Empty)}"
                : "not a member";
            items.Add(new SidebarItem(ConversationId.Group(group), group, note, SidebarItem.GroupSection));
        }

        HashSet<string> listed = new(StringComparer.Ordinal) { _session.UserName };
        foreach (Contact contact in book.Contacts.Where(c => listed.Add(c.Account)))
        {
            string section = book.Groups.FirstOrDefault(g => g.Members.Contains(contact.DisplayName) || g.Members.Contains(contact.Account))?.Name ?? SidebarItem.ContactsSection;
            items.Add(new SidebarItem(ConversationId.Person(contact.Account), contact.DisplayName, contact.Note, section)
            {
                InAddressBook = true,
                Unknown = _unknownAccounts.Contains(contact.Account),
            });
        }

        IEnumerable<string> others = _serverContacts
            .Concat(_groupMembers.Values.SelectMany(m => m).Select(m => m.Name))
            .Concat(_book.Conversations.Where(c => !c.IsGroup).Select(c => c.Name))
            .Concat(_extraPeople);
        foreach (string account in others.Where(listed.Add))
        {
            items.Add(new SidebarItem(ConversationId.Person(account), account, NotInAddressBook, SidebarItem.ContactsSection) { Unknown = _unknownAccounts.Contains(account) });
        }

        Contacts.Show(items, _book.Unread, _book.LastActivity, PresenceReport);
    }

    /// <summary>What the session last said about <paramref name="account"/>; null when nothing yet, or while the server is unreachable (it may be stale).</summary>
    public PresenceState? PresenceOf(string account) => PresenceReport(account)?.State;

    private ContactPresence? PresenceReport(string account) =>
        _session.IsConnected && _presence.TryGetValue(account, out ContactPresence? known) ? known : null;

    private void PresenceChanged(ContactPresence update)
    {
        if (_presence.TryGetValue(update.User, out ContactPresence? known) && known.Version > update.Version)
        {
            return; // the snapshot was newer than a report raised before it was taken
        }

        _presence[update.User] = update;
        _unknownAccounts.Remove(update.User); // reported on: it exists
        Contacts.Refresh();
        if (SelectedContact is { } contact && contact.Account == update.User && !contact.IsGroup)
        {
            Conversation.Title = ConversationTitle(contact);
        }
    }

    /// <summary>The server said <paramref name="account"/> does not exist: the list says so rather than showing an unknown presence forever.</summary>
    private void AccountUnknown(string account)
    {
        if (_unknownAccounts.Add(account))
        {
            AddressBookChanged(); // listed as unknown, and no longer asked to be watched
            if (SelectedContact is { IsGroup: false } contact && contact.Account == account)
            {
                Conversation.Title = ConversationTitle(contact);
            }
        }
    }

    private SidebarItem? SelectedContact => Contacts.Selected;

    /// <summary>Opens the conversation <c>--group</c> or <c>--open</c> names (any valid account, listed or not); false when neither applies.</summary>
    private bool OpenAtStart()
    {
        if (_options.OpenGroup is { } group && GroupWire.IsValidGroupName(group))
        {
            _extraGroups.Add(group);
            RebuildSidebar();
            return Contacts.Select(ConversationId.Group(group));
        }

        if (_options.Open is not { } open)
        {
            return false;
        }

        if (!Contacts.Select(open) && ChatUserName.IsValid(open) && open != _session.UserName)
        {
            // --open names an account that is not listed: open that conversation rather than another one.
            _extraPeople.Add(open);
            AddressBookChanged();
        }

        return Contacts.Select(open);
    }

    /// <summary>Opens (listing it first when needed) the conversation with <paramref name="conversation"/>.</summary>
    internal void OpenConversation(ConversationId conversation)
    {
        Contacts.Filter.Text = string.Empty;
        if (!Contacts.Select(conversation))
        {
            (conversation.IsGroup ? _extraGroups : _extraPeople).Add(conversation.Name);
            RebuildSidebar();
            Contacts.Select(conversation);
        }
    }

    private void ShowConversation()
    {
        if (SelectedContact is not { } contact)
        {
            Conversation.Show("Conversation", []);
            Compose.Title = "Message";
            return;
        }

        _book.MarkSeen(contact.Id);
        IReadOnlyList<ConversationMessage> messages = _book.With(contact.Id);
        foreach (ConversationMessage message in messages.Where(m => !m.Outgoing && m.State != DeliveryState.Read))
        {
            message.State = DeliveryState.Read;
            _ = _session.MarkReadAsync(message.Id);
        }

        Conversation.Show(ConversationTitle(contact), messages);
        Compose.Title = $"Message to {(contact.IsGroup ? "#" : string.Empty)}{TerminalText.Neutralise(contact.DisplayName)} (Enter sends, Alt+Enter new line)";
        Contacts.Refresh();
    }

    /// <summary>"瞎驴 (note) ◐ away: 开会": the name, the address book's note, and presence when known; a group's name and members.</summary>
    private string ConversationTitle(SidebarItem contact)
    {
        string name = TerminalText.Neutralise(contact.DisplayName);
        string note = contact.Note.Length > 0 ? $" ({TerminalText.Neutralise(contact.Note)})" : string.Empty;
        if (contact.IsGroup)
        {
            return $"#{name}{note}";
        }

        if (_unknownAccounts.Contains(contact.Account))
        {
            return $"{name}{note} {ContactEntry.NoSuchAccount} no such account on this server";
        }

        if (PresenceReport(contact.Account) is not { } known)
        {
            return name + note;
        }

        string status = string.IsNullOrWhiteSpace(known.Status) ? string.Empty : ": " + TerminalText.Neutralise(known.Status.Trim());
        return $"{name}{note} {ContactEntry.Marker(known.State)} {known.State.ToString().ToLowerInvariant()}{status}";
    }

    /// <summary>
    /// Asks the server for my groups (and their members) and my server-side contacts, after login and after each
    /// reconnection; the list is rebuilt when the answers are in. Failures leave the list as it was.
    /// </summary>
    private void RefreshFromServer()
    {
        if (_session.IsConnected)
        {
            _ = RefreshFromServerAsync();
        }
    }

    private async Task RefreshFromServerAsync()
    {
        try
        {
            IReadOnlyList<GroupSummary> groups = await _session.ListGroupsAsync().ConfigureAwait(false);
            Dictionary<string, IReadOnlyList<GroupMember>> members = new(StringComparer.Ordinal);
            foreach (GroupSummary group in groups)
            {
                members[group.Name] = await _session.GroupMembersAsync(group.Name).ConfigureAwait(false);
            }

            IReadOnlyList<string> contacts = await _session.ListContactsAsync().ConfigureAwait(false);
            RunOnUi(() => TakeServerLists(groups, members, contacts));
        }
        catch (Exception ex) when (ex is ChatException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The server went away meanwhile: the next reconnection asks again.
        }
    }

    private void TakeServerLists(IReadOnlyList<GroupSummary> groups, Dictionary<string, IReadOnlyList<GroupMember>> members, IReadOnlyList<string> contacts)
    {
        _groups.Clear();
        foreach (GroupSummary group in groups)
        {
            _groups[group.Name] = group;
        }

        _groupMembers.Clear();
        foreach ((string group, IReadOnlyList<GroupMember> list) in members)
        {
            _groupMembers[group] = list;
        }

        _serverContacts.Clear();
        _serverContacts.UnionWith(contacts);
        AddressBookChanged(); // watches the co-members too
        if (SelectedContact is { } selected)
        {
            Conversation.Title = ConversationTitle(selected);
        }
    }
}
