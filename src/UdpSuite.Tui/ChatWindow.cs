using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using UdpSuite.Client.Chat;
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
internal sealed partial class ChatWindow : Window
{
    private const int ContactsWidth = 24;
    private readonly ChatWindowOptions _options;
    private readonly IChatSession _session;
    private readonly ConversationBook _book;
    private readonly Dictionary<string, ContactPresence> _presence = new(StringComparer.Ordinal);
    private IApplication? _attachedTo;
    private bool _inputDamageShown;

    public ChatWindow(ChatWindowOptions options)
    {
        _options = options;
        _serverKeyNotice = options.ServerKeyNotice;
        _session = options.Session;
        _book = new ConversationBook(options.History);
        BorderStyle = Terminal.Gui.Drawing.LineStyle.None;
        Title = $"udpsuite chat: {_session.UserName}";

        Menu = CreateMenu();
        Banner = new InfoBanner { Y = Pos.Bottom(Menu) };
        Contacts = new ContactsPane { X = 0, Y = Pos.Bottom(Banner), Width = ContactsWidth, Height = Dim.Fill(1), Now = () => options.Clock.GetLocalNow() };
        Compose = new ComposeBox { X = Pos.Right(Contacts), Y = Pos.AnchorEnd(5), Width = Dim.Fill(), Height = 4 };
        Conversation = new ConversationPane { X = Pos.Right(Contacts), Y = Pos.Bottom(Banner), Width = Dim.Fill(), Height = Dim.Fill(5) };
        TimePanel = new Views.TimePanel(options.Time, RunOnUi) { X = Pos.Right(Contacts), Y = Pos.Bottom(Banner), Width = Dim.Fill(), Height = Dim.Fill(5), Visible = false };
        SearchPanel = new SearchPanel(options.History, _session.UserName, m => _book.With(m.Peer)) { X = Pos.Right(Contacts), Y = Pos.Bottom(Banner), Width = Dim.Fill(), Height = Dim.Fill(5), Visible = false };
        HelpPanel = new HelpPanel { X = Pos.Right(Contacts), Y = Pos.Bottom(Banner), Width = Dim.Fill(), Height = Dim.Fill(5), Visible = false };
        Me = new Shortcut(Key.F2, MyPresenceText(), AskMyPresence);
        StatusBar = new StatusBar(
        [
            Me, // first: my own presence stays visible however narrow the terminal
            new Shortcut(Key.F1, "Help", ShowHelp),
            new Shortcut(Key.Q.WithCtrl, "Quit", Quit), // before the optional ones: an 80-column bar still shows it
            new Shortcut(Key.T.WithCtrl, "Time", () => _ = ShowTime()),
            new Shortcut(Key.F.WithCtrl, "Search", ShowSearch),
            new Shortcut(Key.N.WithCtrl, "Next", () => Contacts.Step(1)),
        ]);
        foreach (MenuBarItem item in SocialMenus())
        {
            Menu.Add(item);
        }

        Add(Menu, Banner, Contacts, Conversation, TimePanel, SearchPanel, HelpPanel, Compose, StatusBar);

        Contacts.SelectionChanged += (_, _) => ShowConversation();
        Conversation.Lines.RowRender += ColourSenders;
        Compose.SendRequested += (_, text) => SendToSelected(text);
        Compose.Input.TextChanged += (_, _) => WarnIfInputDamaged();
        _session.MessageReceived += (_, message) => RunOnUi(() => Receive(message));
        _session.ReadElsewhere += (_, id) => RunOnUi(() => ReadOnOtherDevice(id));
        _session.DeliveryChanged += (_, update) => RunOnUi(() => Deliver(update));
        _session.ConnectionChanged += (_, _) => RunOnUi(ConnectionChanged);
        _session.ServerKeyPinned += (_, notice) => RunOnUi(() => ServerKeyPinned(notice));
        _session.PresenceChanged += (_, update) => RunOnUi(() => PresenceChanged(update));
        _session.AccountUnknown += (_, account) => RunOnUi(() => AccountUnknown(account));
        options.AddressBook.Changed += (_, _) => RunOnUi(AddressBookChanged);
        foreach (ContactPresence known in _session.Presence.Values)
        {
            _presence[known.User] = known; // what the login reported; later changes come as events
        }

        _lastActivity = options.Clock.GetUtcNow();
        _unreachableSince = _session.IsConnected ? null : options.Clock.GetLocalNow();
        ResendUnsent();
        AddressBookChanged();
        if (!OpenAtStart())
        {
            ShowConversation();
        }

        WireViewFeatures();
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

    /// <summary>My presence and status in the status bar (F2 changes them).</summary>
    public Shortcut Me { get; }

    /// <summary>The conversations, with unread counts.</summary>
    internal ConversationBook Book => _book;

    /// <summary>
    /// Hooks the global keys (Ctrl+Q, Ctrl+T, ...) into <paramref name="app"/> before any view sees them, so a text field
    /// cannot swallow them, and starts the session's events (marshalled through <paramref name="app"/>). Call once after <c>Init</c>.
    /// </summary>
    public void Attach(IApplication app)
    {
        _attachedTo = app;
        app.Keyboard.KeyDown += OnGlobalKey;
        AttachInput(app);
        app.Keyboard.KeyDown += OnSocialKey;
        _session.Start();
        RefreshFromServer();
        if (_options.RunOnUi is null)
        {
            // The idle check: the headless tests call CheckIdle with their own clock instead.
            app.AddTimeout(IdleCheckInterval, () =>
            {
                CheckIdle();
                return true;
            });
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            RestoreTerminalTitle();
        }

        if (disposing && _attachedTo is not null)
        {
            _attachedTo.Keyboard.KeyDown -= OnGlobalKey;
            DetachInput(_attachedTo);
            _attachedTo.Keyboard.KeyDown -= OnSocialKey;
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
}
