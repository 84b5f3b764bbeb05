using UdpSuite.Client.Security;

namespace UdpSuite.Client.Chat;

/// <summary>
/// Staying logged in: the first login retried while the server does not answer (the password is held only until it
/// succeeds; later sessions are resumed with the derived keys, see <see cref="TryStartResume"/>), and whether the server
/// answers now (<see cref="IsConnected"/>), for applications that show it.
/// </summary>
public sealed partial class ChatClient
{
    /// <summary>Pause between two first-login attempts while the server is silent or refuses.</summary>
    private static readonly TimeSpan LoginRetrySpacing = TimeSpan.FromSeconds(2);

    /// <summary>This long without any answer, over at least <see cref="SilentSendsBeforeOffline"/> sends, counts as not connected.</summary>
    private static readonly TimeSpan SilenceBeforeOffline = TimeSpan.FromSeconds(3);

    private const int SilentSendsBeforeOffline = 2;
    private string? _waitingUser;
    private CancellationTokenSource? _retryStop;
    private Task _loginRetries = Task.CompletedTask;
    private bool _connected;
    private ServerKeyMismatchException? _serverKeyRefusal;

    /// <summary>True while logged in and the server answers (false before the first login and during an outage).</summary>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _connected;
            }
        }
    }

    /// <summary>
    /// Why the client stopped logging in by itself: while it retried a first login (<see cref="LoginAndStayAsync"/>) or
    /// resumed a session after silence, the server presented a key that its pin (or the explicit fingerprint) refuses.
    /// No retry can fix that, so the client stops trying (queued messages stay queued), sets this and raises
    /// <see cref="ConnectionChanged"/>; the message is <see cref="PinVerification.Describe"/> for front ends to show.
    /// Null until then. A refusal met by a call of the application itself is thrown to it instead.
    /// </summary>
    public ServerKeyMismatchException? ServerKeyRefusal
    {
        get
        {
            lock (_gate)
            {
                return _serverKeyRefusal;
            }
        }
    }

    /// <summary>
    /// <see cref="IsConnected"/> changed (raised on a client thread; read <see cref="IsConnected"/> for the current value,
    /// since two changes close together may be reported out of order). Also raised, with false, when the client stops
    /// logging in by itself because the server's key was refused (<see cref="ServerKeyRefusal"/>).
    /// </summary>
    public event EventHandler<bool>? ConnectionChanged;

    /// <summary>
    /// A server key was pinned on first contact (after <see cref="ChatClientOptions.OnServerKeyPinned"/> ran), also by a
    /// login the client runs by itself; raised on the login's thread.
    /// </summary>
    public event EventHandler<PinVerification>? ServerKeyPinned;

    /// <summary>
    /// Logs in like <see cref="LoginAsync"/>; when the server does not answer, returns false and keeps trying in the
    /// background every 2 s (a refused attempt is retried too: the account may not exist yet) until it succeeds, the
    /// client logs out or is disposed, or the server presents a key its pin refuses (then the retries stop for good:
    /// see <see cref="ServerKeyRefusal"/>). Messages sent meanwhile are queued (see <see cref="SendAsync(Guid, string, string, TimeSpan?, CancellationToken)"/>).
    /// The password is kept in memory only until the first successful login. Throws <see cref="ChatException"/> when
    /// the server answers the first attempt with a refusal (wrong name or password), and
    /// <see cref="ServerKeyMismatchException"/> when it presents a key the pin refuses.
    /// </summary>
    public async Task<bool> LoginAndStayAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        ValidateUserName(userName);
        ArgumentException.ThrowIfNullOrEmpty(password);
        userName = Composed(userName);
        try
        {
            await LoginCoreAsync(userName, password, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ChatTimeoutException)
        {
            // The server is down or unreachable: keep trying below.
        }

        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        lock (_gate)
        {
            if (_disposed != 0)
            {
                stop.Dispose();
                throw new ObjectDisposedException(nameof(ChatClient));
            }

            _waitingUser = userName;
            _retryStop = stop;
        }

        _loginRetries = Task.Run(() => RetryLoginAsync(userName, password, stop), CancellationToken.None);
        return false;
    }

    private async Task RetryLoginAsync(string userName, string password, CancellationTokenSource stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(LoginRetrySpacing, _time, stop.Token).ConfigureAwait(false);
                try
                {
                    await LoginCoreAsync(userName, password, stop.Token).ConfigureAwait(false);
                    return;
                }
                catch (ServerKeyMismatchException refused)
                {
                    StopForRefusedKey(refused);
                    return;
                }
                catch (ChatException)
                {
                    // Still silent, or refused (the account may be registered later): try again after the pause.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Logged out or disposed.
        }
        catch (ObjectDisposedException)
        {
            // Disposed.
        }
        finally
        {
            lock (_gate)
            {
                _waitingUser = null;
                _retryStop = null;
            }

            stop.Dispose();
        }
    }

    /// <summary>
    /// A login the client ran by itself met a refused server key: no retry will fix it, so say so once
    /// (<see cref="ServerKeyRefusal"/>, <see cref="ConnectionChanged"/>) and log in by itself no more. Outside <see cref="_gate"/>.
    /// </summary>
    private void StopForRefusedKey(ServerKeyMismatchException refused)
    {
        bool first;
        lock (_gate)
        {
            first = _serverKeyRefusal is null;
            _serverKeyRefusal ??= refused;
        }

        if (first)
        {
            SubscriberIsolation.Raise(ConnectionChanged, this, false, _options.Logger, nameof(ConnectionChanged));
        }
    }

    /// <summary>Stops retrying a first login (logout). Outside <see cref="_gate"/>: cancelling runs the retry loop's continuation.</summary>
    private void StopLoginRetries()
    {
        CancellationTokenSource? stop;
        lock (_gate)
        {
            stop = _retryStop;
            _waitingUser = null; // from now on sending is refused, as after any logout
        }

        try
        {
            stop?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The loop ended meanwhile.
        }
    }

    /// <summary>
    /// Recomputes <see cref="IsConnected"/> under <see cref="_gate"/>; returns the new value when it changed, else null
    /// (the caller reports a change with <see cref="ReportConnection"/> once outside the lock).
    /// </summary>
    private bool? RecomputeConnected()
    {
        bool connected = _session is not null
            && !(_firstUnansweredTicks != 0 && _unansweredSends >= SilentSendsBeforeOffline && Now() - _firstUnansweredTicks >= SilenceBeforeOffline.Ticks);
        if (connected == _connected)
        {
            return null;
        }

        _connected = connected;
        return connected;
    }

    /// <summary>Raises <see cref="ConnectionChanged"/> for a change <see cref="RecomputeConnected"/> found. Outside <see cref="_gate"/>.</summary>
    private void ReportConnection(bool? changed)
    {
        if (changed is { } connected)
        {
            SubscriberIsolation.Raise(ConnectionChanged, this, connected, _options.Logger, nameof(ConnectionChanged));
        }
    }
}
