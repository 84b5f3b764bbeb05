using System.Collections.ObjectModel;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using UdpSuite.Client.Chat;
using UdpSuite.Tui.Conversations;

namespace UdpSuite.Tui.Views;

/// <summary>
/// The left pane: a filter field (narrows the list as you type, by name, account, note or status) over the
/// conversations: the server groups first, then people under their address-book group (the first one that lists them)
/// or [Contacts]; in each section the most recently active first. Each row has a presence marker, unread count, status
/// text and last activity (<see cref="ContactEntry"/>).
/// </summary>
internal sealed class ContactsPane : FrameView
{
    private readonly ObservableCollection<ContactEntry> _entries = [];
    private IReadOnlyList<SidebarItem> _items = [];
    private Func<ConversationId, int> _unread = _ => 0;
    private Func<ConversationId, DateTimeOffset?> _lastActivity = _ => null;
    private Func<string, ContactPresence?> _presence = _ => null;
    private bool _rebuilding;
    private int _builtAt = -1;

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
        List.FrameChanged += (_, _) =>
        {
            if (List.Viewport.Width != _builtAt)
            {
                Rebuild(); // the last activity sits at the right edge
            }
        };
    }

    /// <summary>The filter field.</summary>
    public TextField Filter { get; }

    /// <summary>The list of groups and contacts.</summary>
    public ListView List { get; }

    /// <summary>The rows as shown.</summary>
    public IReadOnlyList<ContactEntry> Entries => _entries;

    /// <summary>The selected conversation (null on a heading or with nothing selected).</summary>
    public SidebarItem? Selected => List.SelectedItem is int i && i >= 0 && i < _entries.Count ? _entries[i].Item : null;

    /// <summary>The clock for "last activity" (tests pin it).</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.Now;

    /// <summary>Raised when the user moves to another row.</summary>
    public event EventHandler<SidebarItem?>? SelectionChanged;

    /// <summary>
    /// Shows <paramref name="items"/>, with unread counts, last activity and presence (by account; unknown when null).
    /// </summary>
    public void Show(
        IReadOnlyList<SidebarItem> items,
        Func<ConversationId, int> unread,
        Func<ConversationId, DateTimeOffset?> lastActivity,
        Func<string, ContactPresence?> presence)
    {
        _items = items;
        _unread = unread;
        _lastActivity = lastActivity;
        _presence = presence;
        Rebuild();
    }

    /// <summary>Redraws the rows (after an unread count, an activity or a presence changed).</summary>
    public void Refresh() => Rebuild();

    /// <summary>Selects the person with display name or account <paramref name="name"/>, else the group of that name; false when neither is listed.</summary>
    public bool Select(string name)
    {
        int index = IndexOf(e => e.Item is { IsGroup: false } c && (c.DisplayName == name || c.Account == name));
        if (index < 0)
        {
            index = IndexOf(e => e.Item is { IsGroup: true } g && g.Account == name);
        }

        return SelectAt(index);
    }

    /// <summary>Selects <paramref name="conversation"/>; false when it is not listed (filtered out, or unknown).</summary>
    public bool Select(ConversationId conversation) => SelectAt(IndexOf(e => e.Item?.Id == conversation));

    /// <summary>Moves to the next (<paramref name="step"/> 1) or previous (-1) conversation, skipping headings, wrapping around.</summary>
    public void Step(int step)
    {
        if (!_entries.Any(e => e.Item is not null))
        {
            return;
        }

        int index = List.SelectedItem ?? -1;
        do
        {
            index = (index + step + _entries.Count) % _entries.Count;
        }
        while (_entries[index].Item is null);
        List.SelectedItem = index;
    }

    private bool SelectAt(int index)
    {
        if (index < 0)
        {
            return false;
        }

        List.SelectedItem = index;
        return true;
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

    private bool Matches(SidebarItem item, string filter) => filter.Length == 0
        || item.DisplayName.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || item.Account.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || item.Note.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || (_presence(item.Account)?.Status.Contains(filter, StringComparison.OrdinalIgnoreCase) ?? false);

    private void Rebuild()
    {
        ConversationId? selected = Selected?.Id;
        string filter = Filter.Text.Trim();
        int width = List.Viewport.Width;
        _builtAt = width;
        DateTimeOffset now = Now();

        // Sections in the order their first item comes (the window lists groups first), items by recent activity.
        List<ContactEntry> rows = [];
        foreach (IGrouping<string, SidebarItem> section in _items.Where(i => Matches(i, filter)).GroupBy(i => i.Section))
        {
            rows.Add(ContactEntry.Heading(section.Key));
            IEnumerable<SidebarItem> ordered = section
                .OrderByDescending(i => _lastActivity(i.Id) ?? DateTimeOffset.MinValue)
                .ThenBy(i => i.DisplayName, StringComparer.Ordinal);
            rows.AddRange(ordered.Select(i => ContactEntry.For(i, _unread(i.Id), i.IsGroup ? null : _presence(i.Account), _lastActivity(i.Id), now, width)));
        }

        _rebuilding = true;
        try
        {
            _entries.Clear();
            foreach (ContactEntry row in rows)
            {
                _entries.Add(row);
            }

            int keep = selected is null ? -1 : IndexOf(e => e.Item?.Id == selected);
            List.SelectedItem = keep >= 0 ? keep : IndexOf(e => e.Item is not null) is var first and >= 0 ? first : null;
        }
        finally
        {
            _rebuilding = false;
        }

        if (Selected?.Id != selected)
        {
            SelectionChanged?.Invoke(this, Selected);
        }

        SetNeedsDraw();
    }
}
