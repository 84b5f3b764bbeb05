using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using UdpSuite.Client.Security;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Client.Chat;

/// <summary>
/// A UdpSuite chat client (protocol version 2, docs/PROTOCOL.md): opens a Noise NX channel whose server key
/// is checked against its pin (<see cref="ChatClientOptions.ServerKey"/> or known_servers) before anything else is
/// sent, registers accounts and logs in inside it (Argon2id, the proof bound to the channel, the server's signature
/// checked), seals every later datagram,
/// sends messages reliably (fragments, acknowledgements, RFC 6298 retransmission, per-conversation order, deadline)
/// and receives them in order, each once per client, at least once overall: a received message counts as delivered
/// only when the application calls <see cref="Confirm"/> after taking it durably; until then the server keeps it and
/// sends it again at the next login. Stays logged in by itself: <see cref="LoginAndStayAsync"/> keeps trying while the
/// server is down, and a session the server forgot is resumed on a new channel with the Argon2id secret the login derived
/// (never the password). One connected UDP socket, one receive loop and one maintenance loop
/// (retransmission, receipts, keepalive). Thread-safe; dispose to log out and release the socket.
/// </summary>
public sealed partial class ChatClient : IAsyncDisposable
{
    private static readonly TimeSpan BusyTick = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan IdleTick = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ResumeSpacing = TimeSpan.FromSeconds(2);

    /// <summary>While requests go unanswered, PING this often, to learn quickly whether the server still knows the session.</summary>
    private static readonly TimeSpan UnansweredPingInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The server drops datagrams of sessions it does not know (after a restart) without a word; this long without any
    /// answer, over at least <see cref="SilentSendsBeforeResume"/> sends, makes the client log in again by itself.
    /// </summary>
    private static readonly TimeSpan SilenceBeforeResume = TimeSpan.FromSeconds(8);

    private const int SilentSendsBeforeResume = 6;
    private static readonly TimeSpan LogoutReceiptGrace = TimeSpan.FromSeconds(2);
    private const int ReceiveBufferLength = 64 * 1024;
    private const int TrackedCapacity = 100_000;

    private readonly Socket _socket;
    private readonly ChatClientOptions _options;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Lock _gate = new();
    private readonly byte[] _sendBuffer = new byte[ChannelWire.MaxDatagram];
    private readonly byte[] _sendBody = new byte[ChannelWire.MaxSealedBody];
    private readonly byte[] _receiveOutput = new byte[ChannelWire.MaxDatagram];
    private readonly ServerKeyCheck _keyCheck;
    private readonly HandshakeExchange _handshake = new();
    private readonly SemaphoreSlim _handshakeTurn = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly RetransmissionTimer _rto = new();
    private readonly ConversationOutbox _outbox;
    private readonly ReceiptOutbox _receipts;
    private readonly Reassembler _reassembler = new();
    private readonly InOrderDelivery _ordering = new();
    private readonly UnconfirmedDeliveries _unconfirmed;
    private readonly BoundedRecentMap<Guid, OutgoingMessage> _tracked = new(TrackedCapacity);
    private readonly Channel<IncomingMessage> _incoming;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _receiveLoop;
    private readonly Task _maintenanceLoop;
    private readonly ulong _transientDeviceId = ChatDevice.RandomId();
    private ChatSession? _session;
    private CachedCredentials? _credentials;
    private long _lastSentTicks;
    private long _firstUnansweredTicks;
    private int _unansweredSends;
    private long _lastResumeTicks = long.MinValue / 2;
    private long _dropped;
    private bool _sessionExhausted;
    private int _resuming;
    private int _disposed;

    /// <summary>Opens a socket connected to <paramref name="server"/> and starts listening; nothing is sent yet.</summary>
    public ChatClient(IPEndPoint server, ChatClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        Server = server;
        _options = options ?? new ChatClientOptions();
        _time = _options.TimeProvider;
        _keyCheck = new ServerKeyCheck(_options.ServerAddress ?? server.ToString(), _options.ServerKey, _options.KnownServersPath ?? KnownServersLocator.UserPath());
        _origin = _time.GetTimestamp();
        _outbox = new ConversationOutbox(_options.OutgoingCapacity);
        _receipts = new ReceiptOutbox(_options.IncomingCapacity);
        _unconfirmed = new UnconfirmedDeliveries(_options.IncomingCapacity);
        _incoming = Channel.CreateBounded<IncomingMessage>(new BoundedChannelOptions(_options.IncomingCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Connect(server);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
        _maintenanceLoop = Task.Run(MaintenanceLoopAsync);
    }

    /// <summary>The chat server this client talks to.</summary>
    public IPEndPoint Server { get; }

    /// <summary>The logged-in user, or null.</summary>
    public string? UserName
    {
        get
        {
            lock (_gate)
            {
                return _session?.UserName;
            }
        }
    }

    /// <summary>True between a successful login and logout.</summary>
    public bool IsLoggedIn
    {
        get
        {
            lock (_gate)
            {
                return _session is not null;
            }
        }
    }

    /// <summary>Datagrams dropped: not chat, another version, wrong session, not authentic, replayed, malformed or unexpected.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _dropped);

    /// <summary>The smoothed round trip to the server (RFC 6298 SRTT), zero before the first sample.</summary>
    public TimeSpan SmoothedRoundTrip
    {
        get
        {
            lock (_gate)
            {
                return _rto.SmoothedRoundTrip;
            }
        }
    }

    /// <summary>
    /// Messages delivered to this user, in conversation order, each once per client. Nothing is lost before the first
    /// read: they wait here. Call <see cref="Confirm"/> for each once it is stored or shown; unconfirmed ones count
    /// against <see cref="ChatClientOptions.IncomingCapacity"/> and come again at the next login.
    /// </summary>
    public ChannelReader<IncomingMessage> Incoming => _incoming.Reader;

    /// <summary>Incoming messages as an async stream (ends when the client is disposed); see <see cref="Incoming"/>.</summary>
    public IAsyncEnumerable<IncomingMessage> ReadMessagesAsync(CancellationToken cancellationToken = default) => _incoming.Reader.ReadAllAsync(cancellationToken);

    /// <summary>
    /// Asks the server who it is (PROBE, the one request anyone can make without an account): its name and public key.
    /// The reply is not authenticated; a login checks the key the handshake proves.
    /// </summary>
    public async Task<ProbeAnswer> ProbeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        byte[] probe = new byte[ProbeDatagrams.ProbeLength];
        ProbeDatagrams.WriteProbe(probe);
        await _handshakeTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        byte[] reply;
        try
        {
            reply = await _handshake.RequestAsync(
                new System.Runtime.CompilerServices.StrongBox<int>(), () => SendRaw(probe), d => ProbeDatagrams.TryReadProbeReply(d, out _), _options.HandshakeTimeout, _time, $"PROBE from {Server}", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _handshakeTurn.Release();
        }

        ProbeDatagrams.TryReadProbeReply(reply, out ProbeAnswer? answer);
        return answer!;
    }

    /// <summary>
    /// Creates account <paramref name="userName"/> on a channel of its own, after the server key is checked: only the
    /// verifier (salt, Argon2id parameters, StoredKey, ServerKey) is sent, sealed. Throws <see cref="ServerKeyMismatchException"/>,
    /// <see cref="ChatException"/> (for example <see cref="ChatErrorCode.UserExists"/>) or <see cref="ChatTimeoutException"/>.
    /// </summary>
    public async Task RegisterAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        // A new name follows the name rules (ChatNames): refused here with the offending character named, before anything is sent.
        NameCheck check = ChatNames.Check(userName, "user name");
        if (!check.IsValid)
        {
            throw new ArgumentException(check.Error, nameof(userName));
        }

        ArgumentException.ThrowIfNullOrEmpty(password);
        await RegisterCoreAsync(check.Canonical!, password, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Logs in as <paramref name="userName"/> on a new channel: the server's key is checked against the pin first
    /// (<see cref="ServerKeyMismatchException"/> when it differs, before any name is sent), then the password proof
    /// goes out bound to the channel and the server's signature is checked, so a fake server is detected. Logging in
    /// again replaces the current session (messages in flight are resent under the new one). Throws
    /// <see cref="ChatException"/> with <see cref="ChatErrorCode.AuthenticationFailed"/> for a wrong name or password,
    /// <see cref="ChatTimeoutException"/> when the server is silent.
    /// </summary>
    public async Task LoginAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        ValidateUserName(userName);
        ArgumentException.ThrowIfNullOrEmpty(password);
        await LoginCoreAsync(Composed(userName), password, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues <paramref name="text"/> for <paramref name="to"/> and starts sending it; returns at once with the message,
    /// whose state then moves Sending → Sent → Delivered → Read, or to Failed when <paramref name="deadline"/>
    /// (default <see cref="ChatClientOptions.DefaultDeadline"/>) passes before the server stored it, or the server refused it.
    /// </summary>
    public Task<OutgoingMessage> SendAsync(string to, string text, TimeSpan? deadline = null, CancellationToken cancellationToken = default) =>
        SendAsync(Guid.NewGuid(), to, text, deadline, cancellationToken);

    /// <summary>
    /// As <see cref="SendAsync(string, string, TimeSpan?, CancellationToken)"/>, with the id chosen by the caller: an
    /// application that persists its outgoing messages submits one again after a restart under the same id, and the
    /// server stores it once (it answers a repeated id with the receipt of the stored message). While the id is still
    /// queued in this client, the queued message is returned. <paramref name="deadline"/> may be
    /// <see cref="Timeout.InfiniteTimeSpan"/>: the message then waits (across server outages) until it is stored or refused.
    /// </summary>
    public Task<OutgoingMessage> SendAsync(Guid messageId, string to, string text, TimeSpan? deadline = null, CancellationToken cancellationToken = default)
    {
        ValidateUserName(to);
        ArgumentNullException.ThrowIfNull(text);
        return Submit(messageId, to, text, isGroup: false, deadline, cancellationToken);
    }

    /// <summary>Queues a 1:1 or group submission in its conversation's outbox and starts sending it (see <see cref="SendAsync(Guid, string, string, TimeSpan?, CancellationToken)"/>).</summary>
    private Task<OutgoingMessage> Submit(Guid messageId, string to, string text, bool isGroup, TimeSpan? deadline, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Encoding.UTF8.GetByteCount(text) > ChatWire.MaxTextBytes)
        {
            throw new ChatException(ChatErrorCode.MessageTooLarge, $"the text is longer than {ChatWire.MaxTextBytes} bytes of UTF-8");
        }

        TimeSpan limit = deadline ?? _options.DefaultDeadline;
        if (limit != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(deadline));
        }

        var message = new OutgoingMessage(messageId, to, text, isGroup ? to : null, _options.Logger);
        byte[] envelope = isGroup ? GroupEnvelopeCodec.EncodeSubmission(to, text) : EnvelopeCodec.EncodeSubmission(new SubmissionEnvelope(to, text));
        var changes = new List<OutgoingStateChange>();
        lock (_gate)
        {
            RequireUser();
            if (_tracked.TryGetValue(messageId, out OutgoingMessage queued) && queued.State == DeliveryState.Sending)
            {
                return Task.FromResult(queued);
            }

            long now = Now();
            long deadlineTicks = limit == Timeout.InfiniteTimeSpan ? long.MaxValue : now + limit.Ticks;
            if (!_outbox.TryEnqueue(message, envelope, deadlineTicks))
            {
                throw new ChatException(ChatErrorCode.TooManyPending, $"{_options.OutgoingCapacity} messages are already waiting to be sent");
            }

            _tracked.Set(message.Id, message);
            Pump(now, changes);
        }

        Apply(changes);
        Wake(); // switch the maintenance loop to its busy tick for the retransmissions
        return Task.FromResult(message);
    }

    /// <summary>
    /// Tells the sender of message <paramref name="messageId"/> that the user has read it (RECEIPT read, retransmitted
    /// until acknowledged). Read implies taken: an unconfirmed message is confirmed by this too.
    /// </summary>
    public Task MarkReadAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            RequireSession();
            ReleaseWithheldAck(messageId);
            _ordering.TryGetSequence(messageId, out ulong sequence);
            _receipts.Enqueue(new ReceiptBody(messageId, DeliveryState.Read, sequence, _time.GetUtcNow().ToUnixTimeMilliseconds()));
            Pump(Now(), []);
        }

        Wake();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Ends the session: waits briefly (up to 2 s) until the server confirmed the receipts this client owes, so it does
    /// not deliver those messages again, then sends LOGOUT (and stops retrying a first login). Messages still unsent stay queued until their deadline.
    /// </summary>
    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        StopLoginRetries();
        long waitStarted = _time.GetTimestamp();
        while (_time.GetElapsedTime(waitStarted) < LogoutReceiptGrace)
        {
            lock (_gate)
            {
                if (_session is null || _receipts.Count == 0)
                {
                    break;
                }
            }

            await Task.Delay(BusyTick, _time, cancellationToken).ConfigureAwait(false);
        }

        bool? connection;
        lock (_gate)
        {
            if (_session is null)
            {
                return;
            }

            // Twice: LOGOUT is not acknowledged, and a lost one only costs the server a session timeout.
            SendSecure(ChatMessageType.Logout, 0);
            SendSecure(ChatMessageType.Logout, 0);
            _session.Dispose();
            _session = null;
            _credentials = null;
            connection = RecomputeConnected();
        }

        ReportConnection(connection);
    }

    /// <summary>Logs out (when logged in), stops the loops, fails what was never stored and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            using var grace = new CancellationTokenSource(LogoutReceiptGrace + TimeSpan.FromSeconds(1));
            await LogoutAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Logging out is a courtesy; the server's session timeout covers it.
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await Task.WhenAll(_receiveLoop, _maintenanceLoop, _loginRetries).ConfigureAwait(false);
        var changes = new List<OutgoingStateChange>();
        lock (_gate)
        {
            _outbox.FailAll("the client was closed before the server stored the message", changes);
        }

        Apply(changes);
        lock (_gate)
        {
            _session?.Dispose();
            _session = null;
            _pending?.Dispose();
            _pending = null;
        }

        _incoming.Writer.TryComplete();
        _stopping.Dispose();
        _handshakeTurn.Dispose();
        _requestTurn.Dispose();
        _wake.Dispose();
    }

    private long Now() => _time.GetElapsedTime(_origin).Ticks;

    /// <summary>The channels' monotonic clock (the same origin as <see cref="Now"/>).</summary>
    private TimeSpan ChannelNow() => _time.GetElapsedTime(_origin);

    /// <summary>Sending needs a user: logged in, or still trying to log in (<see cref="LoginAndStayAsync"/>) with the message queued meanwhile.</summary>
    private void RequireUser()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_session is null && _waitingUser is null)
        {
            throw new ChatException("not logged in: call LoginAsync first");
        }
    }

    private void RequireSession()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_session is null)
        {
            throw new ChatException("not logged in: call LoginAsync first");
        }
    }

    /// <summary>The name in Unicode NFC, the form <see cref="RegisterAsync"/> stores: the same name typed decomposed still logs in.</summary>
    private static string Composed(string userName) => ChatNames.Composed(userName);

    private static void ValidateUserName(string userName)
    {
        if (!ChatUserName.IsValid(userName))
        {
            throw new ArgumentException($"'{userName}' is not a valid user name (1-{ChatWire.MaxUserNameBytes} bytes of UTF-8, no control characters, no surrounding spaces)", nameof(userName));
        }
    }
}
