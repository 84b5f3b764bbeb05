using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Time;
using Terminal.Gui.Views;
using UdpSuite.Client.AddressBook;
using UdpSuite.Tui.History;
using UdpSuite.Client.Tests.AddressBook;
using UdpSuite.Tui.Time;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>
/// One <see cref="ChatWindow"/> in its own Terminal.Gui application instance on the ANSI driver with no real I/O, at
/// 80x24 unless told: inject keys, read the screen. Nothing static is shared with other tests, and the test thread's
/// synchronization context is left alone (see the constructor).
/// </summary>
internal sealed class HeadlessChat : IDisposable
{
    private readonly SessionToken _token;
    private readonly TempContactsFile _contacts;

    public HeadlessChat(
        string? contactsJson = null,
        string? open = null,
        ITimeService? time = null,
        bool withHistory = false,
        string? historyPath = null,
        int width = 80,
        int height = 24,
        Action<FakeChatSession>? prepareSession = null,
        DesktopNotificationStyle notifications = DesktopNotificationStyle.Off,
        TimeProvider? clock = null,
        string? openGroup = null)
    {
        _contacts = new TempContactsFile(contactsJson ?? TempContactsFile.SampleJson);
        AddressBook = LiveAddressBook.Open(_contacts.Path, watch: false);
        Session = new FakeChatSession("狗哥alex");
        prepareSession?.Invoke(Session);
        if (withHistory || historyPath is not null)
        {
            History = new ChatHistory(historyPath ?? Path.Combine(_contacts.Directory, "history.db"));
        }

        App = Application.Create(new VirtualTimeProvider()).Init(DriverRegistry.Names.ANSI);
        App.Driver!.SetScreenSize(width, height);
        App.Driver.Clipboard = new FakeClipboard();
        Window = new ChatWindow(new ChatWindowOptions(Session, AddressBook, time ?? new UdpTimeService("127.0.0.1:9", "127.0.0.1:9", TimeSpan.FromMilliseconds(200)))
        {
            History = History,
            Open = open,
            OpenGroup = openGroup,
            Clock = clock ?? TimeProvider.System,
            ChatServer = "127.0.0.1:8081",
            RunOnUi = action => action(),
            Bell = () => Bells++,
            WriteTerminal = TerminalWrites.Add,
            DesktopNotifications = notifications,
        });
        Window.Attach(App);
        // Begin installs Terminal.Gui's main-loop synchronization context on this thread, but a headless test never
        // runs that loop: an await in the test would post its continuation to a queue nobody drains (unless the
        // awaited work happened to finish on the app's main thread), and the test host would never exit. The test
        // keeps its own context; the views are driven from the test thread, as on the UI thread of a real run.
        SynchronizationContext? testContext = SynchronizationContext.Current;
        _token = App.Begin(Window)!;
        SynchronizationContext.SetSynchronizationContext(testContext);
        App.LayoutAndDraw();
    }

    public IApplication App { get; }

    public ChatWindow Window { get; }

    public FakeChatSession Session { get; }

    public LiveAddressBook AddressBook { get; }

    public ChatHistory? History { get; }

    public string ContactsPath => _contacts.Path;

    public int Bells { get; private set; }

    /// <summary>Control sequences the window wrote to the terminal (title, clipboard, notifications), in order.</summary>
    public List<string> TerminalWrites { get; } = [];

    /// <summary>
    /// Feeds <paramref name="raw"/> to Terminal.Gui's ANSI parser as if the terminal had sent it (escape sequences,
    /// bracketed pastes), after the client's input decoder (as <c>WholeCharacterAnsiInput</c> does), then processes it.
    /// </summary>
    public void Feed(string raw)
    {
        var processor = (Terminal.Gui.Drivers.InputProcessorImpl<char>)App.Driver!.GetInputProcessor();
        foreach (char c in new UdpSuite.Tui.Input.TerminalInputDecoder().Decode(System.Text.Encoding.UTF8.GetBytes(raw)))
        {
            processor.InputQueue.Enqueue(c);
        }

        processor.ProcessQueue();
        App.LayoutAndDraw();
    }

    /// <summary>The screen as text after a layout and draw.</summary>
    public string Screen
    {
        get
        {
            App.LayoutAndDraw();
            return App.Driver!.ToString()!;
        }
    }

    public void Press(Key key)
    {
        App.InjectKey(key);
        App.LayoutAndDraw();
    }

    public void Type(string text)
    {
        foreach (System.Text.Rune rune in text.EnumerateRunes())
        {
            App.InjectKey(new Key(rune.Value));
        }

        App.LayoutAndDraw();
    }

    /// <summary>
    /// Presses <paramref name="key"/>, which opens a modal dialog; answers it with <paramref name="answer"/> from the
    /// application's iteration (the dialog blocks inside the key injection). Returns the screen the dialog showed, or
    /// null when no dialog opened.
    /// </summary>
    public string? PressAndAnswerDialog(Key key, Key answer)
    {
        string? shown = null;
        void Answer(object? sender, EventArgs e)
        {
            if (shown is null && App.TopRunnableView is Dialog)
            {
                App.LayoutAndDraw();
                shown = App.Driver!.ToString()!;
                App.InjectKey(answer);
            }
        }

        App.Iteration += Answer;
        try
        {
            Press(key);
        }
        finally
        {
            App.Iteration -= Answer;
        }

        return shown;
    }

    public void Resize(int width, int height)
    {
        App.Driver!.SetScreenSize(width, height);
        App.LayoutAndDraw();
    }

    public void Dispose()
    {
        App.End(_token);
        Window.Dispose();
        App.Dispose();
        History?.Dispose();
        AddressBook.Dispose();
        _contacts.Dispose();
    }
}
