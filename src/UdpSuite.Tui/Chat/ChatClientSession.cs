using System.Collections.Concurrent;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using PresenceState = UdpSuite.Tui.Chat.PresenceState;

namespace UdpSuite.Tui.Chat;

/// <summary>
/// <see cref="IChatSession"/> over a logged-in <see cref="ChatClient"/>: forwards incoming messages and delivery states,
/// probes the server every few seconds, and while it does not answer keeps new messages in a local queue that is
/// flushed (after logging in again if the session was lost) as soon as it answers.
/// </summary>
public sealed class ChatClientSession : IChatSession
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly ChatClient _client;
    private readonly string _password;
    private readonly ConcurrentQueue<(Guid Id, string To, string Text)> _queued = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private Task _readLoop = Task.CompletedTask;
    private Task _probeLoop = Task.CompletedTask;
    private volatile bool _connected;
    private volatile string[] _watched = [];

    private ChatClientSession(ChatClient client, string userName, string password)
    {
        _client = client;
        UserName = userName;
        _password = password;
        client.PresenceChanged += (_, e) => PresenceChanged?.Invoke(this, ToUpdate(e.Presence));
    }

    public string UserName { get; }

    public bool IsConnected => _connected;

    public event EventHandler<bool>? ConnectionChanged;

    public event EventHandler<ReceivedChatMessage>? MessageReceived;

    public event EventHandler<DeliveryUpdate>? DeliveryChanged;

    /// <summary>The client's presence reports (raised on its receive thread), as the UI's <see cref="PresenceUpdate"/>.</summary>
    public event EventHandler<PresenceUpdate>? PresenceChanged;

    /// <summary>
    /// Logs in and starts the loops. A server that does not answer is not an error (the client starts offline and
    /// keeps trying); a refused login is (<see cref="ChatException"/>).
    /// </summary>
    public static async Task<ChatClientSession> StartAsync(ChatClient client, string userName, string password, CancellationToken cancellationToken)
    {
        var session = new ChatClientSession(client, userName, password);
        try
        {
            await client.LoginAsync(userName, password, cancellationToken).ConfigureAwait(false);
            session._connected = true;
            session.SyncWatched();
        }
        catch (ChatTimeoutException)
        {
            session._connected = false;
        }

        session._readLoop = Task.Run(session.ReadLoopAsync, CancellationToken.None);
        session._probeLoop = Task.Run(session.ProbeLoopAsync, CancellationToken.None);
        return session;
    }

    public Guid Send(string toAccount, string text)
    {
        Guid id = Guid.NewGuid();
        _queued.Enqueue((id, toAccount, text));
        if (_connected)
        {
            _ = Task.Run(FlushAsync);
        }

        return id;
    }

    public void Watch(IReadOnlyCollection<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        _watched = [.. accounts];
        if (_connected)
        {
            SyncWatched();
        }
    }

    /// <summary>Best effort in the background: a server that is down now gets the list again after the next login.</summary>
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
                await _client.SyncContactsAsync(accounts, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ChatException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // Presence markers stay unknown until the next login syncs again.
            }
        });
    }

    private static PresenceUpdate ToUpdate(ContactPresence presence) => new(
        presence.User,
        presence.State switch
        {
            Protocol.Chat.PresenceState.Online => PresenceState.Online,
            Protocol.Chat.PresenceState.Away => PresenceState.Away,
            _ => PresenceState.Offline,
        },
        string.IsNullOrEmpty(presence.Status) ? null : presence.Status);

    public Task MarkReadAsync(Guid messageId) => _connected ? _client.MarkReadAsync(messageId, _stop.Token) : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _client.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(_readLoop, _probeLoop).ConfigureAwait(false);
        _stop.Dispose();
        _flushGate.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            await foreach (IncomingMessage message in _client.ReadMessagesAsync(_stop.Token).ConfigureAwait(false))
            {
                MessageReceived?.Invoke(this, new ReceivedChatMessage(message.Id, message.From, message.To, message.Text, message.SentAt));
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task ProbeLoopAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(ProbeInterval);
            do
            {
                bool answers = await ServerAnswersAsync().ConfigureAwait(false);
                if (answers && !_client.IsLoggedIn)
                {
                    answers = await TryLoginAsync().ConfigureAwait(false);
                }

                SetConnected(answers);
                if (answers)
                {
                    await FlushAsync().ConfigureAwait(false);
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task<bool> ServerAnswersAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await _client.ProbeAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            return false;
        }
        catch (ChatException)
        {
            return false;
        }
    }

    private async Task<bool> TryLoginAsync()
    {
        try
        {
            await _client.LoginAsync(UserName, _password, _stop.Token).ConfigureAwait(false);
            SyncWatched();
            return true;
        }
        catch (ChatException)
        {
            return false;
        }
    }

    private void SetConnected(bool connected)
    {
        if (_connected != connected)
        {
            _connected = connected;
            ConnectionChanged?.Invoke(this, connected);
        }
    }

    /// <summary>Hands every queued message to the client, in order; one flush at a time so order is kept.</summary>
    private async Task FlushAsync()
    {
        if (!await _flushGate.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            while (_connected && _queued.TryPeek(out (Guid Id, string To, string Text) next))
            {
                OutgoingMessage sent;
                try
                {
                    sent = await _client.SendAsync(next.To, next.Text, cancellationToken: _stop.Token).ConfigureAwait(false);
                }
                catch (ChatException)
                {
                    SetConnected(false);
                    return;
                }

                _queued.TryDequeue(out _);
                Guid id = next.Id;
                sent.StateChanged += (_, state) => DeliveryChanged?.Invoke(this, new DeliveryUpdate(id, state, sent.FailureReason));
                if (sent.State != DeliveryState.Sending)
                {
                    DeliveryChanged?.Invoke(this, new DeliveryUpdate(id, sent.State, sent.FailureReason));
                }
            }
        }
        finally
        {
            _flushGate.Release();
        }
    }
}
