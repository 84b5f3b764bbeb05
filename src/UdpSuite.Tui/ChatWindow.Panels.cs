using Terminal.Gui.ViewBase;
using UdpSuite.Tui.Conversations;

namespace UdpSuite.Tui;

// The right-hand side: the conversation, with the time panel beside it or the search or help panel in its place; the
// contacts pane, which gives way to a toggle (F6) on narrow terminals.
internal sealed partial class ChatWindow
{
    /// <summary>Below this many columns the contacts pane starts hidden (F6 shows it).</summary>
    public const int NarrowWidth = 70;

    private const int InputHistorySize = 100;
    private bool? _contactsWanted;
    private bool _wasNarrow;

    /// <summary>Shows the time panel beside the conversation and asks for the last-used format; the returned task completes with the reply.</summary>
    public Task ShowTime()
    {
        SearchPanel.Visible = HelpPanel.Visible = false;
        Conversation.Visible = true;
        TimePanel.Visible = true;
        SetNeedsLayout();
        return TimePanel.Open();
    }

    /// <summary>True while the contacts pane takes its columns.</summary>
    public bool ContactsShown => Contacts.Visible;

    private void ShowSearch()
    {
        ShowPanel(SearchPanel);
        SearchPanel.Query.SetFocus();
    }

    private void ShowHelp()
    {
        ShowPanel(HelpPanel);
        HelpPanel.List.SetFocus();
    }

    /// <summary>The search or help panel in the conversation's place (the time panel closes with it).</summary>
    private void ShowPanel(View panel)
    {
        foreach (View other in new View[] { TimePanel, SearchPanel, HelpPanel })
        {
            other.Visible = other == panel;
        }

        Conversation.Visible = false;
        SetNeedsLayout();
    }

    private void ClosePanels()
    {
        TimePanel.Visible = SearchPanel.Visible = HelpPanel.Visible = false;
        Conversation.Visible = true;
        Compose.Input.SetFocus();
        SetNeedsLayout();
    }

    /// <summary>Enter on a search result: its conversation, scrolled to it.</summary>
    private void OpenSearchResult(ConversationMessage found)
    {
        if (SelectedContact?.Account != found.Peer && !Contacts.Select(found.Peer))
        {
            Banner.ShowAlert($"{found.Peer} is not in the contacts list");
            return;
        }

        ClosePanels();
        if (Conversation.ShowMessage(found.Id))
        {
            Conversation.Lines.SetFocus();
        }
    }

    /// <summary>The handlers of this file's features, after the constructor's own (so a conversation is shown before the title counts it read).</summary>
    private void WireViewFeatures()
    {
        SearchPanel.ResultChosen += (_, found) => OpenSearchResult(found);
        Contacts.SelectionChanged += (_, _) => UpdateTerminalTitle();
        UpdateTerminalTitle();
        foreach (string sent in _options.History?.RecentSentTexts(InputHistorySize) ?? [])
        {
            Compose.Remember(sent); // Up in the input line reaches what was sent before this start too
        }

        if (Views.Monochrome.Wanted(Environment.GetEnvironmentVariable))
        {
            SetScheme(Views.Monochrome.Scheme());
            Menu.SetScheme(Views.Monochrome.Scheme());
            StatusBar.SetScheme(Views.Monochrome.Scheme());
        }
    }

    /// <summary>
    /// F6 flips what the pane will be at the next layout, not what it shows now: a resize that has not been laid out
    /// yet (or a second F6 before the first is drawn) would otherwise flip a stale state.
    /// </summary>
    private void ToggleContacts()
    {
        int width = Viewport.Width;
        ForgetChoiceOnCrossing(width);
        _contactsWanted = !(_contactsWanted ?? ShowsContactsByDefault(width));
        SetNeedsLayout();
    }

    /// <summary>Crossing <see cref="NarrowWidth"/> either way forgets an F6 choice.</summary>
    private void ForgetChoiceOnCrossing(int width)
    {
        bool narrow = width < NarrowWidth;
        if (narrow != _wasNarrow)
        {
            _contactsWanted = null;
            _wasNarrow = narrow;
        }
    }

    /// <summary>
    /// Without an F6 choice: hidden when narrow, and the time panel needs the room beside the conversation, so on a
    /// terminal under 100 columns the contacts give it theirs.
    /// </summary>
    private bool ShowsContactsByDefault(int width) => !(width < NarrowWidth || (TimePanel.Visible && width < 100));

    /// <summary>
    /// Before the panes are laid out: the contacts pane hides below <see cref="NarrowWidth"/> columns unless F6 asked for
    /// it (crossing that width forgets the choice), and the time panel takes up to half of the right-hand side.
    /// </summary>
    protected override void OnSubViewLayout(LayoutEventArgs args)
    {
        int width = Viewport.Width;
        ForgetChoiceOnCrossing(width);
        bool showContacts = _contactsWanted ?? ShowsContactsByDefault(width);
        int contactsWidth = showContacts ? Math.Min(ContactsWidth, Math.Max(12, width / 2)) : 0;
        Contacts.Visible = showContacts;
        Contacts.Width = contactsWidth;

        int right = Math.Max(0, width - contactsWidth);
        if (TimePanel.Visible)
        {
            int timeWidth = Math.Clamp(right * 11 / 20, Math.Min(30, right), 56);
            TimePanel.X = Pos.AnchorEnd(timeWidth);
            TimePanel.Width = timeWidth;
            Conversation.Width = Dim.Fill(timeWidth);
        }
        else
        {
            Conversation.Width = Dim.Fill();
        }

        base.OnSubViewLayout(args);
    }
}
