using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Conversations;

namespace UdpSuite.Tui;

// The banner: a refused server key, connection, queued messages, address book errors, damaged input, a first pin.
internal sealed partial class ChatWindow
{
    private const string DamagedInputCharacter = "\uFFFD";
    private string? _serverKeyNotice;
    private DateTimeOffset? _unreachableSince;

    private void ConnectionChanged()
    {
        if (!_session.IsConnected)
        {
            _serverKeyNotice = null; // the first-contact notice has been seen long enough: the outage replaces it
            _unreachableSince ??= _options.Clock.GetLocalNow();
        }
        else
        {
            _unreachableSince = null;
            RefreshFromServer(); // groups and contacts may have changed meanwhile (another device)
            if (_myChoice != PresenceState.Online || _myStatus.Length > 0 || _autoAway)
            {
                PublishMyPresence(); // the server forgets a chosen state when it restarts
            }
        }

        foreach (ConversationMessage message in _book.Unsent())
        {
            message.Queued = !_session.IsConnected;
        }

        Conversation.Render();
        Contacts.Refresh(); // presence marks turn unknown while the server cannot report changes, and back
        RefreshMe();
        if (SelectedContact is { } selected)
        {
            Conversation.Title = ConversationTitle(selected);
        }

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

    /// <summary>A login after an outage pinned the server's key on first contact: say so, with the fingerprint, as at start.</summary>
    private void ServerKeyPinned(string notice)
    {
        _serverKeyNotice = notice;
        UpdateBanner();
    }

    /// <summary>" since 14:03:07 (5 min)": when the outage began (the login itself when it never connected), how long ago in whole minutes.</summary>
    private string Since()
    {
        if (_unreachableSince is not { } since)
        {
            return string.Empty;
        }

        TimeSpan lasted = _options.Clock.GetLocalNow() - since;
        string ago = lasted >= TimeSpan.FromMinutes(1) ? $" ({(int)lasted.TotalMinutes} min)" : string.Empty;
        return $" since {since.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)}{ago}";
    }

    private void UpdateBanner()
    {
        if (_session.ServerKeyRefusal is { } refusal)
        {
            // Before everything else, and for good: nothing will be sent to that server until the user acts on it.
            Banner.ShowAlert(refusal);
        }
        else if (!_session.IsConnected)
        {
            int queued = _book.Unsent().Count;
            Banner.ShowAlert($"chat server {_options.ChatServer} unreachable{Since()}: {queued} message{(queued == 1 ? string.Empty : "s")} queued, retrying");
        }
        else if (_options.AddressBook.Error is { } error)
        {
            Banner.ShowAlert($"{error} (using the last good copy)");
        }
        else if (_serverKeyNotice is { } notice)
        {
            Banner.ShowInfo(notice);
        }
        else
        {
            Banner.ShowInfo($"{_session.UserName} @ {_options.ChatServer}   contacts: {_options.AddressBook.Path}");
        }
    }
}
