using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Chat;

/// <summary>
/// <see cref="IChatSession"/> over a <see cref="ChatClient"/>, and nothing more than a forwarder: the client logs in
/// (and keeps trying while the server is down), resumes sessions with the keys the login derived, and queues messages;
/// this adapter reads its incoming queue once <see cref="Start"/> was called and syncs the watched contacts after each
/// reconnection.
/// </summary>
public sealed partial class ChatClientSession : IChatSession
{
    private readonly ChatClient _client;
    private readonly CancellationTokenSource _stop = new();
    private Task _readLoop = Task.CompletedTask;
    private volatile bool _started;
    private volatile bool _closing;
    private volatile string[] _watched = [];

    private ChatClientSession(ChatClient client, string userName)
    {
        _client = client;
        UserName = userName;
        client.PresenceChanged += (_, e) =>
        {
            if (_started && !_closing)
            {
                PresenceChanged?.Invoke(this, e.Presence);
            }
        };
        client.ReadElsewhere += (_, read) =>
        {
            if (_started && !_closing)
            {
                ReadElsewhere?.Invoke(this, read.MessageId);
            }
        };
        client.ServerKeyPinned += (_, verification) =>
        {
            if (!_closing)
            {
                ServerKeyPinned?.Invoke(this, verification.Describe());
            }
        };
        client.ConnectionChanged += (_, _) =>
        {
            if (_closing)
            {
                return;
            }

            if (client.IsConnected)
            {
                SyncWatched();
            }

            ConnectionChanged?.Invoke(this, client.IsConnected);
        };
    }

    public string UserName { get; }

    public bool IsConnected => _client.IsConnected;

    public IReadOnlyDictionary<string, ContactPresence> Presence => _client.KnownPresence;

    public string? ServerKeyRefusal => _client.ServerKeyRefusal?.Message;

    public event EventHandler<bool>? ConnectionChanged;

    public event EventHandler<string>? ServerKeyPinned;

    public event EventHandler<IncomingMessage>? MessageReceived;

    public event EventHandler<OutgoingMessage>? DeliveryChanged;

    public event EventHandler<ContactPresence>? PresenceChanged;

    public event EventHandler<Guid>? ReadElsewhere;

    /// <summary>
    /// Logs in, or (server silent) starts the client's own retries and returns at once; a refused login throws
    /// <see cref="ChatException"/> (<see cref="ServerKeyMismatchException"/> for a refused server key). The password stays with the client only until its first successful login.
    /// </summary>
    public static async Task<ChatClientSession> StartAsync(ChatClient client, string userName, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var session = new ChatClientSession(client, userName);
        await client.LoginAndStayAsync(userName, password, cancellationToken).ConfigureAwait(false);
        return session;
    }

    public void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        foreach (ContactPresence presence in _client.KnownPresence.Values)
        {
            PresenceChanged?.Invoke(this, presence);
        }

        _readLoop = Task.Run(ReadLoopAsync, CancellationToken.None);
    }

    public OutgoingMessage Send(Guid messageId, string toAccount, string text)
    {
        // Queuing never waits: the task is complete when it returns (or faulted with the reason it could not queue).
        OutgoingMessage message = _client.SendAsync(messageId, toAccount, text, Timeout.InfiniteTimeSpan, _stop.Token).GetAwaiter().GetResult();
        Track(message);
        return message;
    }

    /// <summary>Reports the message's state changes; a message refused because its recipient does not exist also reports the account as unknown.</summary>
    private void Track(OutgoingMessage message)
    {
        message.StateChanged += (_, _) =>
        {
            // Closing fails what is still queued in this process; the UI keeps those (persisted) for the next start.
            if (_closing)
            {
                return;
            }

            if (message.State == DeliveryState.Failed && message.RejectCode == ChatErrorCode.UnknownRecipient && message.Group is null)
            {
                AccountUnknown?.Invoke(this, message.To);
            }

            DeliveryChanged?.Invoke(this, message);
        };
    }

    public void Confirm(IncomingMessage message) => _client.Confirm(message);

    public Task MarkReadAsync(Guid messageId)
    {
        try
        {
            return _client.MarkReadAsync(messageId, _stop.Token);
        }
        catch (ChatException)
        {
            return Task.CompletedTask; // not logged in right now: the read mark is a courtesy, the message itself is confirmed
        }
    }

    public void Watch(IReadOnlyCollection<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        _watched = [.. accounts];
        if (_client.IsConnected)
        {
            SyncWatched();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closing = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _client.DisposeAsync().ConfigureAwait(false);
        await _readLoop.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Best effort in the background: a server that is down now gets the list again after the next reconnection.</summary>
    private void SyncWatched()
    {
        string[] accounts = _watched;
        if (accounts.Length == 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                // As ChatClient.SyncContactsAsync, but an account the server does not know is reported, not skipped:
                // the contacts list marks it instead of showing an unknown presence forever.
                var existing = new HashSet<string>(await _client.ListContactsAsync(_stop.Token).ConfigureAwait(false), StringComparer.Ordinal);
                foreach (string account in accounts.Where(a => ChatUserName.IsValid(a) && a != UserName && !existing.Contains(a)))
                {
                    try
                    {
                        await _client.AddContactAsync(account, _stop.Token).ConfigureAwait(false);
                    }
                    catch (ChatException ex) when (ex.Code is ChatErrorCode.UnknownRecipient or ChatErrorCode.BadUserName)
                    {
                        AccountUnknown?.Invoke(this, account);
                    }
                }
            }
            catch (Exception ex) when (ex is ChatException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // Presence markers stay unknown until the next reconnection syncs again.
            }
        });
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            await foreach (IncomingMessage message in _client.ReadMessagesAsync(_stop.Token).ConfigureAwait(false))
            {
                MessageReceived?.Invoke(this, message);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
