using System.Collections.ObjectModel;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using UdpSuite.Client.AddressBook;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Views;

/// <summary>
/// The left pane: a filter field (narrows the list as you type, by display name, account or note) over the list of
/// groups and contacts with presence markers and unread counts. A contact in several groups is listed under the first; contacts in no group,
/// and people who wrote but are not in contacts.json, come under [Contacts].
/// </summary>
internal sealed class ContactsPane : FrameView
{
    private readonly ObservableCollection<ContactEntry> _entries = [];
    private IReadOnlyList<Contact> _contacts = [];
    private IReadOnlyList<ContactGroup> _groups = [];
    private Func<string, int> _unread = _ => 0;
    private Func<string, PresenceState?> _presence = _ => null;
    private bool _rebuilding;

    public ContactsPane()
    {
        Title = "Contacts";
        var filterLabel = new Label { X = 0, Y = 0, Text = "Find:" };
        Filter = new TextField { X = 6, Y = 0, Width = Dim.Fill(), Height = 1 };
        List = new ListView { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill() };
        List.SetSource(_entries);
        Add(filterLabel, Filter, List);
        Filter.TextChanged += (_, _) => Rebuild();
        List.ValueChanged += (_, _) =>
        {
            if (!_rebuilding)
            {
                SelectionChanged?.Invoke(this, Selected);
            }
        };
    }

    /// <summary>The filter field.</summary>
    public TextField Filter { get; }

    /// <summary>The list of groups and contacts.</summary>
    public ListView List { get; }

    /// <summary>The rows as shown.</summary>
    public IReadOnlyList<ContactEntry> Entries => _entries;

    /// <summary>The selected contact (null on a heading or with nothing selected).</summary>
    public Contact? Selected => List.SelectedItem is int i && i >= 0 && i < _entries.Count ? _entries[i].Contact : null;

    /// <summary>Raised when the user moves to another row.</summary>
    public event EventHandler<Contact?>? SelectionChanged;

    /// <summary>
    /// Shows <paramref name="contacts"/> in <paramref name="groups"/>, with unread counts from <paramref name="unread"/>
    /// and presence from <paramref name="presence"/> (both by account; presence unknown when not given).
    /// </summary>
    public void Show(IReadOnlyList<Contact> contacts, IReadOnlyList<ContactGroup> groups, Func<string, int> unread, Func<string, PresenceState?>? presence = null)
    {
        _contacts = contacts;
        _groups = groups;
        _unread = unread;
        _presence = presence ?? (_ => null);
        Rebuild();
    }

    /// <summary>Redraws the rows (after an unread count or a presence changed).</summary>
    public void Refresh() => Rebuild();

    /// <summary>Selects the contact with display name or account <paramref name="name"/>; false when it is not listed.</summary>
    public bool Select(string name)
    {
        int index = IndexOf(e => e.Contact is { } c && (c.DisplayName == name || c.Account == name));
        if (index < 0)
        {
            return false;
        }

        List.SelectedItem = index;
        return true;
    }

    /// <summary>Moves to the next (<paramref name="step"/> 1) or previous (-1) contact, skipping headings, wrapping around.</summary>
    public void Step(int step)
    {
        if (!_entries.Any(e => e.Contact is not null))
        {
            return;
        }

        int index = List.SelectedItem ?? -1;
        do
        {
            index = (index + step + _entries.Count) % _entries.Count;
        }
        while (_entries[index].Contact is null);
        List.SelectedItem = index;
    }

    private int IndexOf(Func<ContactEntry, bool> match)
    {
        for (int i = 0; i < _entries.Count; i++)
        {
            if (match(_entries[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private void Rebuild()
    {
        string? selectedAccount = Selected?.Account;
        string filter = Filter.Text.Trim();
        bool Matches(Contact c) => filter.Length == 0
            || c.DisplayName.Contains(filter, StringComparison.OrdinalIgnoreCase)
            || c.Account.Contains(filter, StringComparison.OrdinalIgnoreCase)
            || c.Note.Contains(filter, StringComparison.OrdinalIgnoreCase);

        List<ContactEntry> rows = [];
        HashSet<string> listed = new(StringComparer.Ordinal);
        foreach (ContactGroup group in _groups)
        {
            List<Contact> members = [.. group.Members
                .Select(m => _contacts.FirstOrDefault(c => c.DisplayName == m) ?? _contacts.FirstOrDefault(c => c.Account == m))
                .OfType<Contact>()
                .Where(c => !listed.Contains(c.Account) && Matches(c))];
            if (members.Count == 0)
            {
                continue;
            }

            rows.Add(ContactEntry.Heading(group.Name));
            foreach (Contact member in members)
            {
                listed.Add(member.Account);
                rows.Add(ContactEntry.For(member, _unread(member.Account), _presence(member.Account)));
            }
        }

        List<Contact> rest = [.. _contacts.Where(c => !listed.Contains(c.Account) && Matches(c))];
        if (rest.Count > 0)
        {
            rows.Add(ContactEntry.Heading("Contacts"));
            rows.AddRange(rest.Select(c => ContactEntry.For(c, _unread(c.Account), _presence(c.Account))));
        }

        _rebuilding = true;
        try
        {
            _entries.Clear();
            foreach (ContactEntry row in rows)
            {
                _entries.Add(row);
            }

            int keep = selectedAccount is null ? -1 : IndexOf(e => e.Contact?.Account == selectedAccount);
            List.SelectedItem = keep >= 0 ? keep : IndexOf(e => e.Contact is not null) is var first and >= 0 ? first : null;
        }
        finally
        {
            _rebuilding = false;
        }

        if (Selected?.Account != selectedAccount)
        {
            SelectionChanged?.Invoke(this, Selected);
        }

        SetNeedsDraw();
    }
}
