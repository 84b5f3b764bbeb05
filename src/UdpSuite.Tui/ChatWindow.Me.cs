using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Views;

namespace UdpSuite.Tui;

// My own presence: shown in the status bar, chosen with F2 (online, away, invisible, status text), and away by itself
// after AwayAfter without a key pressed (typing counts, not only sending), online again at the next key.
internal sealed partial class ChatWindow
{
    private static readonly TimeSpan IdleCheckInterval = TimeSpan.FromSeconds(15);

    /// <summary>
    /// While the user types without sending, the server (which counts only what reaches it) would mark them away after
    /// its own idle limit: a key pressed this long after the last word to the server repeats the chosen presence, which
    /// counts as activity there.
    /// </summary>
    private static readonly TimeSpan KeepActiveEvery = TimeSpan.FromMinutes(1);

    private PresenceState _myChoice = PresenceState.Online;
    private string _myStatus = string.Empty;
    private bool _autoAway;
    private DateTimeOffset _lastActivity;
    private DateTimeOffset _lastToldServer = DateTimeOffset.MinValue;

    /// <summary>What others see of me now: the choice, or away while idle.</summary>
    internal PresenceState MyPresence => _autoAway ? PresenceState.Away : _myChoice;

    /// <summary>My status text.</summary>
    internal string MyStatus => _myStatus;

    /// <summary>Sets my presence and status (the F2 dialog's answer) and tells the server.</summary>
    internal void SetMyPresence(PresenceState state, string status)
    {
        _myChoice = state;
        _myStatus = status.Trim();
        _autoAway = false;
        PublishMyPresence();
    }

    /// <summary>A key was pressed: activity. Ends an automatic away, and keeps the server from deciding the user is idle.</summary>
    internal void NoteActivity()
    {
        DateTimeOffset now = _options.Clock.GetUtcNow();
        _lastActivity = now;
        if (_autoAway)
        {
            _autoAway = false;
            PublishMyPresence();
        }
        else if (_myChoice == PresenceState.Online && now - _lastToldServer >= KeepActiveEvery && _session.IsConnected)
        {
            PublishMyPresence();
        }
    }

    /// <summary>Called every few seconds: away after <see cref="ChatWindowOptions.AwayAfter"/> without a key (only from online); the outage banner's minutes.</summary>
    internal void CheckIdle()
    {
        if (_options.AwayAfter is { } limit && limit > TimeSpan.Zero && !_autoAway && _myChoice == PresenceState.Online
            && _options.Clock.GetUtcNow() - _lastActivity >= limit)
        {
            _autoAway = true;
            PublishMyPresence();
        }

        if (!_session.IsConnected)
        {
            UpdateBanner();
        }
    }

    private void PublishMyPresence()
    {
        RefreshMe();
        if (!_session.IsConnected)
        {
            return; // told again at the reconnection (ConnectionChanged)
        }

        _lastToldServer = _options.Clock.GetUtcNow();
        _ = PublishAsync(MyPresence, _myStatus);
    }

    private async Task PublishAsync(PresenceState state, string status)
    {
        try
        {
            await _session.SetPresenceAsync(state, status).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChatException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            RunOnUi(() => Banner.ShowAlert($"presence not changed: {ex.Message}"));
        }
    }

    private void RefreshMe()
    {
        Me.Title = MyPresenceText();
        StatusBar.SetNeedsLayout();
    }

    /// <summary>"● online: 开会中" ("· offline" while the server is unreachable: nobody sees me then).</summary>
    private string MyPresenceText()
    {
        if (!_session.IsConnected)
        {
            return $"{ContactEntry.UnknownPresence} {_session.UserName}: not connected";
        }

        string word = MyPresence switch
        {
            PresenceState.Online => "online",
            PresenceState.Away => _autoAway ? "away (idle)" : "away",
            _ => "invisible",
        };
        string status = _myStatus.Length > 0 ? ": " + _myStatus : string.Empty;
        return $"{ContactEntry.Marker(MyPresence == PresenceState.Offline ? PresenceState.Offline : MyPresence)} {word}{status}";
    }

    /// <summary>F2: the presence dialog.</summary>
    private void AskMyPresence()
    {
        if (App is not { } app)
        {
            return;
        }

        if (PresenceDialog.Ask(app, _myChoice, _myStatus) is { } answer)
        {
            SetMyPresence(answer.State, answer.Status);
        }
    }
}
