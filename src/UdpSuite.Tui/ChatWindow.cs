using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using UdpSuite.Client.AddressBook;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Chat;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.Views;

namespace UdpSuite.Tui;

/// <summary>
/// The main window: menu, banner, contacts on the left, the conversation (or the time, search or help panel) on the
/// right, the input line under it and the status bar with key hints. It turns session events into view updates and
/// keys into session calls; everything it shows comes from the <see cref="ConversationBook"/> and the address book.
/// A received message is confirmed to the session only after the book stored it; a message typed here is stored
/// (unsent) before it is handed to the session, and unsent ones are handed over again at the next start.
/// </summary>
public sealed class ChatWindow : Window
{
    private const int ContactsWidth = 24;
    private const string DamagedInputCharacter = "\uFFFD";
    private readonly ChatWindowOptions _options;
    private readonly IChatSession _session;
    private readonly ConversationBook _book;
    private readonly List<Contact> _strangers = [];
    private readonly Dictionary<string, ContactPresence> _presence = new(StringComparer.Ordinal);
    private IApplication? _attachedTo;
    private bool _inputDamageShown;

    public ChatWindow(ChatWindowOptions options)
    {
        _options = options;
        _session = options.Session;
        _book = new ConversationBook(options.History);
        BorderStyle = Terminal.Gui.Drawing.LineStyle.None;
        Title = $"udpsuite chat: {_session.UserName}";

        Menu = CreateMenu();
        Banner = new InfoBanner { Y = Pos.Bottom(Menu) };
        Contacts = new ContactsPane { X = 0, Y = Pos.Bottom(Banner), Width = ContactsWidth, Height = Dim.Fill(1) };
        Compose = new ComposeBox { X = Pos.Right(Contacts), Y = Pos.AnchorEnd(5), Width = Dim.Fill(), Height = 4 };
        Conversation = new ConversationPane { X = Pos.Right(Contacts), Y = Pos.Bottom(Banner), Width = Dim.Fill(), Height = Dim.Fill(5) };
        TimePanel = new Views.TimePanel(options.Time, RunOnUi) { X = Pos.Right(Contacts), Y = Pos.Bottom(Banner), Width = Dim.Fill(), Height = Dim.Fill(5), Visible = false };
        SearchPanel = new SearchPanel(options.History) { X = Pos.Right(Contacts), Y = Pos.Bottom(Banner), Width = Dim.Fill(), Height = Dim.Fill(5), Visible = false };
        HelpPanel = new HelpPanel { X = Pos.Right(Contacts), Y = Pos.Bottom(Banner), Width = Dim.Fill(), Height = Dim.Fill(5), Visible = false };
        StatusBar = new StatusBar(
        [
            new Shortcut(Key.F1, "Help", ShowHelp),
            new Shortcut(Key.T.WithCtrl, "Time", () => _ = ShowTime()),
            new Shortcut(Key.F.WithCtrl, "Search", ShowSearch),
            new Shortcut(Key.N.WithCtrl, "Next", () => Contacts.Step(1)),
            new Shortcut(Key.Q.WithCtrl, "Quit", Quit),
        ]);
        Add(Menu, Banner, Contacts, Conversation, TimePanel, SearchPanel, HelpPanel, Compose, StatusBar);

        Contacts.SelectionChanged += (_, _) => ShowConversation();
        Compose.SendRequested += (_, text) => SendToSelected(text);
        Compose.Input.TextChanged += (_, _) => WarnIfInputDamaged();
        _session.MessageReceived += (_, message) => RunOnUi(() => Receive(message));
        _session.DeliveryChanged += (_, update) => RunOnUi(() => Deliver(update));
        _session.ConnectionChanged += (_, _) => RunOnUi(ConnectionChanged);
        _session.PresenceChanged += (_, update) => RunOnUi(() => PresenceChanged(update));
        options.AddressBook.Changed += (_, _) => RunOnUi(AddressBookChanged);
        foreach (ContactPresence known in _session.Presence.Values)
        {
            _presence[known.User] = known; // what the login reported; later changes come as events
        }

        ResendUnsent();
        AddressBookChanged();
        if (options.Open is null || !Contacts.Select(options.Open))
        {
            ShowConversation();
        }

        Compose.Input.SetFocus();
    }

    public MenuBar Menu { get; }

    public InfoBanner Banner { get; }

    public ContactsPane Contacts { get; }

    public ConversationPane Conversation { get; }

    public ComposeBox Compose { get; }

    public TimePanel TimePanel { get; }

    public SearchPanel SearchPanel { get; }

    public HelpPanel HelpPanel { get; }

    public StatusBar StatusBar { get; }

    /// <summary>The conversations, with unread counts.</summary>
    public ConversationBook Book => _book;

    /// <summary>
    /// Hooks the global keys (Ctrl+Q, Ctrl+T, ...) into <paramref name="app"/> before any view sees them, so a text field
    /// cannot swallow them, and starts the session's events (marshalled through <paramref name="app"/>). Call once after <c>Init</c>.
    /// </summary>
    public void Attach(IApplication app)
    {
        _attachedTo = app;
        app.Keyboard.KeyDown += OnGlobalKey;
        _session.Start();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _attachedTo is not null)
        {
            _attachedTo.Keyboard.KeyDown -= OnGlobalKey;
        }

        base.Dispose(disposing);
    }

    private void RunOnUi(Action action)
    {
        if (_options.RunOnUi is { } run)
        {
            run(action);
        }
        else if ((_attachedTo ?? App) is { } app)
        {
            try
            {
                app.Invoke(action);
            }
            catch (NotInitializedException)
            {
                // The application has shut down (Ctrl+Q) while the session still reported something: nothing to show it on.
            }
        }
        else
        {
            action();
        }
    }

    private MenuBar CreateMenu() => new(
    [
        new MenuBarItem("_File", [new MenuItem("_Quit", Key.Q.WithCtrl, Quit)]),
        new MenuBarItem("_Chat",
        [
            new MenuItem("_Next contact", Key.N.WithCtrl, () => Contacts.Step(1)),
            new MenuItem("_Previous contact", Key.P.WithCtrl, () => Contacts.Step(-1)),
            new MenuItem("_Filter contacts", Key.K.WithCtrl, () => Contacts.Filter.SetFocus()),
            new MenuItem("_Retry failed", Key.R.WithCtrl, RetryFailed),
            new MenuItem("_Search history", Key.F.WithCtrl, ShowSearch),
        ]),
        new MenuBarItem("_Time", [new MenuItem("_Time panel", Key.T.WithCtrl, () => _ = ShowTime())]),
        new MenuBarItem("_Help", [new MenuItem("_Keys", Key.F1, ShowHelp)]),
    ]);

    private void OnGlobalKey(object? sender, Key key)
    {
        // Only for the main window: a modal dialog on top keeps its own keys.
        if (App?.TopRunnableView != this)
        {
            return;
        }

        Action? action = null;
        if (key == Key.Q.WithCtrl)
        {
            action = Quit;
        }
        else if (key == Key.T.WithCtrl)
        {
            action = () => _ = ShowTime();
        }
        else if (key == Key.F.WithCtrl)
        {
            action = ShowSearch;
        }
        else if (key == Key.F1)
        {
            action = ShowHelp;
        }
        else if (key == Key.N.WithCtrl)
        {
            action = () => Contacts.Step(1);
        }
        else if (key == Key.P.WithCtrl)
        {
            action = () => Contacts.Step(-1);
        }
        else if (key == Key.K.WithCtrl)
        {
            action = () => Contacts.Filter.SetFocus();
        }
        else if (key == Key.R.WithCtrl)
        {
            action = RetryFailed;
        }
        else if (key == Key.Esc)
        {
            // Esc closes a panel; it must not quit the whole client (Terminal.Gui's default).
            action = ClosePanels;
        }

        if (action is not null)
        {
            key.Handled = true;
            action();
        }
    }

    /// <summary>Quits; with messages the server has not stored yet, asks first (they are kept and sent at the next start).</summary>
    private void Quit()
    {
        int unsent = _book.Unsent().Count;
        if (unsent > 0 && App is { } app)
        {
            string what = unsent == 1 ? "1 message is" : $"{unsent} messages are";
            int? choice = MessageBox.Query(
                app, "Unsent messages", $"{what} not sent yet. They are kept and sent the next time udpsuite chat starts.\nQuit anyway?", "_Quit", "_Stay");
            if (choice != 0)
            {
                return;
            }
        }

        App?.RequestStop();
    }

    /// <summary>Shows the time panel and asks for the last-used format; the returned task completes with the reply.</summary>
    public Task ShowTime()
    {
        ShowPanel(TimePanel);
        return TimePanel.Open();
    }

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

    private void AddressBookChanged()
    {
        LiveAddressBook addressBook = _options.AddressBook;
        AddressBookDocument current = addressBook.Current;
        Contacts.Show([.. current.Contacts.Where(c => c.Account != _session.UserName), .. _strangers], current.Groups, _book.Unread, PresenceOf);
        _session.Watch([.. current.Contacts.Select(c => c.Account).Where(a => a != _session.UserName).Distinct(StringComparer.Ordinal)]);
        TimePanel.UseSettings(current.Time);
        UpdateBanner();
    }

    /// <summary>What the session last said about <paramref name="account"/>; null when nothing yet.</summary>
    public PresenceState? PresenceOf(string account) => _presence.TryGetValue(account, out ContactPresence? known) ? known.State : null;

    private void PresenceChanged(ContactPresence update)
    {
        if (_presence.TryGetValue(update.User, out ContactPresence? known) && known.Version > update.Version)
        {
            return; // the snapshot was newer than a report raised before it was taken
        }

        _presence[update.User] = update;
        Contacts.Refresh();
        if (SelectedContact is { } contact && contact.Account == update.User)
        {
            Conversation.Title = ConversationTitle(contact);
        }
    }

    private void ConnectionChanged()
    {
        foreach (ConversationMessage message in _book.Unsent())
        {
            message.Queued = !_session.IsConnected;
        }

        Conversation.Render();
        UpdateBanner();
    }

    /// <summary>
    /// Terminal.Gui 2.5's ANSI input decodes each 256-byte read of the terminal on its own, so a long paste can lose
    /// the characters cut at a read boundary: they arrive as U+FFFD. They cannot be recovered here; say so before the
    /// text is sent (README, known limitations).
    /// </summary>
    private void WarnIfInputDamaged()
    {
        bool damaged = Compose.Input.Text.Contains(DamagedInputCharacter, StringComparison.Ordinal);
        if (damaged)
        {
            Banner.ShowAlert($"the terminal input lost characters of the pasted text (shown as {DamagedInputCharacter}): check it before sending");
        }
        else if (_inputDamageShown)
        {
            UpdateBanner();
        }

        _inputDamageShown = damaged;
    }

    private void UpdateBanner()
    {
        if (!_session.IsConnected)
        {
            int queued = _book.Unsent().Count;
            Banner.ShowAlert($"chat server {_options.ChatServer} unreachable: {queued} message{(queued == 1 ? string.Empty : "s")} queued, retrying");
        }
        else if (_options.AddressBook.Error is { } error)
        {
            Banner.ShowAlert($"{error} (using the last good copy)");
        }
        else
        {
            Banner.ShowInfo($"{_session.UserName} @ {_options.ChatServer}   contacts: {_options.AddressBook.Path}");
        }
    }

    private Contact? SelectedContact => Contacts.Selected;

    private void ShowConversation()
    {
        if (SelectedContact is not { } contact)
        {
            Conversation.Show("Conversation", []);
            Compose.Title = "Message";
            return;
        }

        _book.MarkSeen(contact.Account);
        IReadOnlyList<ConversationMessage> messages = _book.With(contact.Account);
        foreach (ConversationMessage message in messages.Where(m => !m.Outgoing && m.State != DeliveryState.Read))
        {
            message.State = DeliveryState.Read;
            _ = _session.MarkReadAsync(message.Id);
        }

        Conversation.Show(ConversationTitle(contact), messages);
        Compose.Title = $"Message to {contact.DisplayName} (Enter sends, Alt+Enter new line)";
        Contacts.Refresh();
    }

    /// <summary>"瞎驴 (note) ◐ away: 开会": the name, the address book's note, and presence when known.</summary>
    private string ConversationTitle(Contact contact)
    {
        string note = contact.Note.Length > 0 ? $" ({contact.Note})" : string.Empty;
        if (!_presence.TryGetValue(contact.Account, out ContactPresence? known))
        {
            return contact.DisplayName + note;
        }

        string status = string.IsNullOrWhiteSpace(known.Status) ? string.Empty : ": " + known.Status.Trim();
        return $"{contact.DisplayName}{note} {ContactEntry.Marker(known.State)} {known.State.ToString().ToLowerInvariant()}{status}";
    }

    private void SendToSelected(string text)
    {
        if (SelectedContact is not { } contact)
        {
            Banner.ShowAlert("choose a contact first (Ctrl+N or the contacts list)");
            return;
        }

        // Stored first (unsent), then handed over: a crash in between leaves it to be sent at the next start.
        var message = new ConversationMessage(Guid.NewGuid(), contact.Account, _session.UserName, text, DateTimeOffset.Now, outgoing: true, DeliveryState.Sending)
        {
            Queued = !_session.IsConnected,
        };
        _book.Add(message, unread: false);
        HandOver(message);
        UpdateBanner();
        Conversation.Render();
    }

    /// <summary>At start: the messages stored unsent by an earlier run go out again, in order, under their ids (the server stores each once).</summary>
    private void ResendUnsent()
    {
        foreach (ConversationMessage message in _book.Unsent())
        {
            message.Queued = !_session.IsConnected;
            HandOver(message);
        }
    }

    private void HandOver(ConversationMessage message)
    {
        try
        {
            OutgoingMessage sent = _session.Send(message.Id, message.Peer, message.Text);
            if (sent.State != DeliveryState.Sending)
            {
                _book.Update(message.Id, sent.State);
            }
        }
        catch (ChatException ex)
        {
            _book.Update(message.Id, DeliveryState.Failed);
            Banner.ShowAlert($"not sent: {ex.Message}");
        }
    }

    private void Deliver(OutgoingMessage update)
    {
        if (_book.Update(update.Id, update.State) is { } message && message.Peer == SelectedContact?.Account)
        {
            Conversation.Render();
        }

        if (!_session.IsConnected)
        {
            UpdateBanner(); // the count of queued messages
        }
    }

    private void RetryFailed()
    {
        if (SelectedContact is not { } contact)
        {
            return;
        }

        foreach (ConversationMessage failed in _book.With(contact.Account).Where(m => m.Outgoing && m.State == DeliveryState.Failed).ToList())
        {
            _book.Remove(failed.Id);
            SendToSelected(failed.Text);
        }

        Conversation.Render();
    }

    /// <summary>Shows and stores a received message, then confirms it: only a stored message counts as delivered.</summary>
    private void Receive(IncomingMessage received)
    {
        Contact? sender = _options.AddressBook.Current.Find(received.From) ?? _strangers.Find(c => c.Account == received.From);
        if (sender is null)
        {
            sender = new Contact(received.From, received.From, "not in contacts.json");
            _strangers.Add(sender);
            AddressBookChanged();
        }

        bool onScreen = SelectedContact?.Account == received.From && Conversation.Visible;
        var message = new ConversationMessage(received.Id, received.From, sender.DisplayName, received.Text, received.SentAt, outgoing: false, onScreen ? DeliveryState.Read : DeliveryState.Delivered);
        bool added = _book.Add(message, unread: !onScreen);
        _session.Confirm(received); // stored now (or already, when the server delivered it again)
        if (!added)
        {
            return;
        }

        if (onScreen)
        {
            _ = _session.MarkReadAsync(received.Id);
            Conversation.Render();
        }
        else
        {
            _options.Bell();
            Contacts.Refresh();
        }
    }
}
