using System.Collections.ObjectModel;
using Terminal.Gui.App;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Chat;
using UdpSuite.Tui.Views;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace UdpSuite.Tui.FirstRun;

/// <summary>
/// Logging in, and on first run getting there: (1) the servers the discovery probe finds, or a typed host:port; (2) the
/// server's name and key fingerprint (pinned or about to be), then user name and password (shown as a mask, the cursor
/// where typing goes), "log in" or "new account" (with the password twice, and an invite token field that appears only
/// when the server refuses a registration for the want of one). A wrong password asks again. Started at step 2 when
/// the server is known (a configured user who only needs to type the password).
/// </summary>
internal sealed class LoginWindow : Window
{
    private static readonly Scheme ErrorScheme = new(new Attribute(Color.White, Color.Red));
    private readonly IFirstRunBackend _backend;
    private readonly Action<Action> _runOnUi;
    private readonly ObservableCollection<string> _serverRows = [];
    private readonly List<FoundServer> _found = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _serverFixed;
    private bool _registering;
    private bool _busy;

    public LoginWindow(IFirstRunBackend backend, string? server, string? user, Action<Action>? runOnUi = null)
    {
        _backend = backend;
        _runOnUi = runOnUi ?? (action => (App ?? throw new InvalidOperationException("not running")).Invoke(action));
        _serverFixed = server is not null;
        Title = "udpsuite chat: log in";
        BorderStyle = LineStyle.Single;

        ServerStep = new FrameView { Title = "1. Chat server", X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(1) };
        Searching = new Label { X = 1, Y = 0, Width = Dim.Fill(1), Text = "Looking for servers on the local network…" };
        Servers = new ListView { X = 1, Y = 1, Width = Dim.Fill(1), Height = Dim.Fill(5) };
        Servers.SetSource(_serverRows);
        var typeLabel = new Label { X = 1, Y = Pos.AnchorEnd(4), Text = "Or type the server's address (host:port):" };
        Address = new TextField { X = 1, Y = Pos.AnchorEnd(3), Width = Dim.Fill(1), Text = server ?? string.Empty };
        var next = new Button { X = 1, Y = Pos.AnchorEnd(1), Title = "_Next", IsDefault = true };
        var again = new Button { X = Pos.Right(next) + 2, Y = Pos.AnchorEnd(1), Title = "_Search again" };
        ServerStep.Add(Searching, Servers, typeLabel, Address, next, again);

        AccountStep = new FrameView { Title = "2. Account", X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(1), Visible = false };
        ServerLine = new Label { X = 1, Y = 0, Width = Dim.Fill(1), Text = string.Empty, HotKeySpecifier = InfoBanner.NoHotKey };
        KeyLine = new Label { X = 1, Y = 1, Width = Dim.Fill(1), Height = 3, Text = string.Empty, HotKeySpecifier = InfoBanner.NoHotKey };
        KeyLine.TextFormatter.WordWrap = true;
        var userLabel = new Label { X = 1, Y = 5, Text = "User name:" };
        User = new TextField { X = 20, Y = 5, Width = Dim.Fill(1), Text = user ?? string.Empty };
        var passwordLabel = new Label { X = 1, Y = 7, Text = "Password:" };
        Password = new TextField { X = 20, Y = 7, Width = Dim.Fill(1), Secret = true };
        RepeatLabel = new Label { X = 1, Y = 9, Text = "Password again:", Visible = false };
        Repeat = new TextField { X = 20, Y = 9, Width = Dim.Fill(1), Secret = true, Visible = false };
        InviteLabel = new Label { X = 1, Y = 11, Text = "Invite token:", Visible = false };
        Invite = new TextField { X = 20, Y = 11, Width = Dim.Fill(1), Visible = false };
        Message = new Label { X = 1, Y = 13, Width = Dim.Fill(1), Height = 3, Text = string.Empty, HotKeySpecifier = InfoBanner.NoHotKey };
        Message.TextFormatter.WordWrap = true;
        LogIn = new Button { X = 1, Y = Pos.AnchorEnd(1), Title = "_Log in", IsDefault = true };
        NewAccount = new Button { X = Pos.Right(LogIn) + 2, Y = Pos.AnchorEnd(1), Title = "_New account…" };
        ExistingAccount = new Button { X = Pos.Right(LogIn) + 2, Y = Pos.AnchorEnd(1), Title = "_Existing account", Visible = false };
        var back = new Button { X = Pos.Right(LogIn) + 25, Y = Pos.AnchorEnd(1), Title = "_Back", Visible = !_serverFixed }; // after the wider of New/Existing account
        AccountStep.Add(ServerLine, KeyLine, userLabel, User, passwordLabel, Password, RepeatLabel, Repeat, InviteLabel, Invite, Message, LogIn, NewAccount, ExistingAccount, back);

        var hint = new Label { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill(), Text = "Tab moves between fields · Enter goes on · Ctrl+Q quits" };
        Add(ServerStep, AccountStep, hint);

        Servers.ValueChanged += (_, _) =>
        {
            if (Servers.SelectedItem is int i && i >= 0 && i < _found.Count)
            {
                Address.Text = _found[i].ChatAddress;
            }
        };
        Servers.Accepting += (_, e) =>
        {
            e.Handled = true;
            GoToAccount();
        };
        Address.Accepting += (_, e) =>
        {
            e.Handled = true;
            GoToAccount();
        };
        next.Accepting += (_, e) =>
        {
            e.Handled = true;
            GoToAccount();
        };
        again.Accepting += (_, e) =>
        {
            e.Handled = true;
            _ = SearchAsync();
        };
        User.Accepting += (_, e) =>
        {
            e.Handled = true;
            Password.SetFocus();
        };
        Password.Accepting += (_, e) =>
        {
            e.Handled = true;
            if (_registering && Repeat.Text.Length == 0)
            {
                Repeat.SetFocus();
            }
            else
            {
                Submit();
            }
        };
        Repeat.Accepting += (_, e) =>
        {
            e.Handled = true;
            Submit();
        };
        Invite.Accepting += (_, e) =>
        {
            e.Handled = true;
            Submit();
        };
        LogIn.Accepting += (_, e) =>
        {
            e.Handled = true;
            Submit();
        };
        // Two buttons, each setting one mode, rather than one toggle: a button activated twice (its hotkey, then Enter)
        // must not switch back.
        NewAccount.Accepting += (_, e) =>
        {
            e.Handled = true;
            SetRegistering(true);
        };
        ExistingAccount.Accepting += (_, e) =>
        {
            e.Handled = true;
            SetRegistering(false);
        };
        back.Accepting += (_, e) =>
        {
            e.Handled = true;
            AccountStep.Visible = false;
            ServerStep.Visible = true;
            Address.SetFocus();
        };
        KeyDown += (_, key) =>
        {
            if (key == Key.Q.WithCtrl)
            {
                key.Handled = true;
                App?.RequestStop();
            }
        };

        if (_serverFixed)
        {
            GoToAccount();
        }
        else
        {
            Address.SetFocus();
            _ = SearchAsync();
        }
    }

    public FrameView ServerStep { get; }

    public Label Searching { get; }

    public ListView Servers { get; }

    public TextField Address { get; }

    public FrameView AccountStep { get; }

    public Label ServerLine { get; }

    public Label KeyLine { get; }

    public TextField User { get; }

    public TextField Password { get; }

    public Label RepeatLabel { get; }

    public TextField Repeat { get; }

    public Label InviteLabel { get; }

    public TextField Invite { get; }

    public Label Message { get; }

    public Button LogIn { get; }

    public Button NewAccount { get; }

    public Button ExistingAccount { get; }

    /// <summary>How it ended; null while running, and when the user quit.</summary>
    public FirstRunResult? Outcome { get; private set; }

    /// <summary>The address the account step is for.</summary>
    public string Server => Address.Text.Trim();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            _stop.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task SearchAsync()
    {
        Searching.Text = "Looking for servers on the local network…";
        IReadOnlyList<FoundServer> found;
        try
        {
            found = await _backend.DiscoverAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _runOnUi(() =>
        {
            _found.Clear();
            _found.AddRange(found);
            _serverRows.Clear();
            foreach (FoundServer server in found)
            {
                _serverRows.Add($"{server.Name}  {server.ChatAddress}  {server.Fingerprint}");
            }

            Searching.Text = found.Count == 0
                ? "No server answered. Type its address below (ask whoever runs it), or search again."
                : $"{found.Count} server{(found.Count == 1 ? string.Empty : "s")} found: choose one (Enter), or type an address below.";
            if (found.Count > 0)
            {
                Servers.SelectedItem = 0;
                Servers.SetFocus();
            }

            SetNeedsDraw();
        });
    }

    private void GoToAccount()
    {
        if (Server.Length == 0)
        {
            Searching.Text = "Choose a server from the list or type its address (host:port).";
            Address.SetFocus();
            return;
        }

        ServerStep.Visible = false;
        AccountStep.Visible = true;
        ServerLine.Text = $"Server: {Server}";
        KeyLine.Text = "Asking the server for its key…";
        Say(string.Empty, error: false);
        FocusFirstEmpty();
        _ = IdentifyAsync(Server);
    }

    private void FocusFirstEmpty()
    {
        if (User.Text.Length == 0)
        {
            User.SetFocus();
        }
        else
        {
            Password.SetFocus();
        }
    }

    private async Task IdentifyAsync(string server)
    {
        string line;
        try
        {
            ServerIdentity identity = await _backend.ProbeAsync(server, _stop.Token).ConfigureAwait(false);
            line = identity.Pinned
                ? $"Key {identity.Fingerprint} ({identity.Name}): matches the key pinned in known_servers."
                : $"Key {identity.Fingerprint} ({identity.Name}): new; compare it with the one the server's operator gave you ('udpsuite server key'). It is pinned at the first login.";
        }
        catch (Exception ex) when (ex is ChatException or ArgumentException)
        {
            line = $"The server did not say who it is ({ex.Message}); logging in checks its key anyway.";
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _runOnUi(() =>
        {
            if (Server == server)
            {
                KeyLine.Text = line;
            }
        });
    }

    private void SetRegistering(bool registering)
    {
        if (registering == _registering)
        {
            return;
        }

        _registering = registering;
        RepeatLabel.Visible = Repeat.Visible = registering;
        NewAccount.Visible = !registering;
        ExistingAccount.Visible = registering;
        LogIn.Title = registering ? "_Register" : "_Log in";
        AccountStep.Title = registering ? "2. New account" : "2. Account";
        Say(registering ? "Choose a user name and a password (typed twice)." : string.Empty, error: false);
        FocusFirstEmpty();
    }

    private void Say(string text, bool error)
    {
        Message.Text = text;
        if (error)
        {
            Message.SetScheme(ErrorScheme);
        }
        else
        {
            Message.SchemeName = null;
        }

        SetNeedsDraw();
    }

    private void Submit()
    {
        if (_busy)
        {
            return;
        }

        string user = User.Text.Trim();
        string password = Password.Text;
        if (!ChatUserName.IsValid(user))
        {
            Say("Type a user name (no control characters, no spaces around it).", error: true);
            User.SetFocus();
            return;
        }

        if (_registering && ChatNames.Check(user, "user name") is { IsValid: false } refused)
        {
            Say(refused.Error!, error: true); // names the offending character by position and code point
            User.SetFocus();
            return;
        }

        if (password.Length == 0)
        {
            Say("Type the password.", error: true);
            Password.SetFocus();
            return;
        }

        if (_registering && Repeat.Text != password)
        {
            Say("The two passwords differ: type them again.", error: true);
            Password.Text = Repeat.Text = string.Empty;
            Password.SetFocus();
            return;
        }

        _busy = true;
        Say(_registering ? $"Creating {user}…" : $"Logging in as {user}…", error: false);
        string? invite = Invite.Visible && Invite.Text.Trim().Length > 0 ? Invite.Text.Trim() : null;
        _ = SubmitAsync(Server, user, password, _registering, invite);
    }

    private async Task SubmitAsync(string server, string user, string password, bool register, string? invite)
    {
        try
        {
            if (register)
            {
                await _backend.RegisterAsync(server, user, password, invite, _stop.Token).ConfigureAwait(false);
            }

            IChatSession session = await _backend.LoginAsync(server, user, password, _stop.Token).ConfigureAwait(false);
            _runOnUi(() => Finish(new FirstRunResult(server, user, session, null)));
        }
        catch (ServerKeyMismatchException ex)
        {
            _runOnUi(() => Finish(new FirstRunResult(server, user, null, ex.Message)));
        }
        catch (Exception ex) when (ex is ChatException or ArgumentException)
        {
            _runOnUi(() => Refused(ex, register));
        }
        catch (OperationCanceledException)
        {
            // Quitting.
        }
    }

    private void Finish(FirstRunResult result)
    {
        _busy = false;
        Outcome = result;
        App?.RequestStop();
    }

    /// <summary>Says why, in words, and puts the cursor where the fix is typed: a wrong password asks again.</summary>
    private void Refused(Exception ex, bool register)
    {
        _busy = false;
        ChatErrorCode code = ex is ChatException chat ? chat.Code : ChatErrorCode.None;
        switch (code)
        {
            case ChatErrorCode.AuthenticationFailed:
                Say("Wrong user name or password: type the password again.", error: true);
                Password.Text = string.Empty;
                Password.SetFocus();
                break;
            case ChatErrorCode.UserExists:
                Say($"{User.Text.Trim()} exists already on this server: choose another name, or log in with it (Existing account).", error: true);
                User.SetFocus();
                break;
            case ChatErrorCode.BadInviteCode when register:
                // A server that admits new accounts by invitation only: the token field appears now, not before.
                InviteLabel.Visible = Invite.Visible = true;
                Say("This server registers new accounts by invitation: type the invite token you were given.", error: true);
                Invite.SetFocus();
                break;
            default:
                Say(ex is ChatTimeoutException ? $"No answer from {Server}: is the address right, and the server running? ({ex.Message})" : ex.Message, error: true);
                Password.SetFocus();
                break;
        }
    }

    /// <summary>Runs the screens on <paramref name="app"/> until logged in, refused or quit.</summary>
    public static FirstRunResult? Run(IApplication app, IFirstRunBackend backend, string? server, string? user)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var window = new LoginWindow(backend, server, user);
        app.Run(window);
        return window.Outcome;
    }
}
