using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Chat;

/// <summary>
/// A UdpSuite chat client (docs/PROTOCOL.md): registers accounts, logs in (SCRAM, checking the server's signature),
/// sends messages reliably (fragments, acknowledgements, RFC 6298 retransmission, per-conversation order, deadline)
/// and receives them exactly once and in order. One connected UDP socket, one receive loop and one maintenance loop
/// (retransmission, receipts, keepalive). Thread-safe; dispose to log out and release the socket.
/// </summary>
public sealed class ChatClient : IAsyncDisposable
{
    private static readonly TimeSpan BusyTick = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan IdleTick = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ResumeSpacing = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LogoutReceiptGrace = TimeSpan.FromSeconds(2);
    private const int ReceiveBufferLength = 64 * 1024;
    private const int TrackedCapacity = 100_000;

    private readonly Socket _socket;
    private readonly ChatClientOptions _options;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Lock _gate = new();
    private readonly byte[] _sendBuffer = new byte[ChatWire.MaxDatagram];
    private readonly HandshakeExchange _handshake = new();
    private readonly SemaphoreSlim _handshakeTurn = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly RetransmissionTimer _rto = new();
    private readonly ConversationOutbox _outbox;
    private readonly ReceiptOutbox _receipts;
    private readonly Reassembler _reassembler = new();
    private readonly InOrderDelivery _ordering = new();
    private readonly BoundedRecentMap<Guid, OutgoingMessage> _tracked = new(TrackedCapacity);
    private readonly Channel<IncomingMessage> _incoming;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _receiveLoop;
    private readonly Task _maintenanceLoop;
    private ChatSession? _session;
    private CachedCredentials? _credentials;
    private long _lastSentTicks;
    private long _lastResumeTicks = long.MinValue / 2;
    private long _dropped;
    private int _resuming;
    private int _disposed;

    /// <summary>Opens a socket connected to <paramref name="server"/> and starts listening; nothing is sent yet.</summary>
    public ChatClient(IPEndPoint server, ChatClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        Server = server;
        _options = options ?? new ChatClientOptions();
        _time = _options.TimeProvider;
        _origin = _time.GetTimestamp();
        _outbox = new ConversationOutbox(_options.OutgoingCapacity);
        _receipts = new ReceiptOutbox(_options.IncomingCapacity);
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

    /// <summary>Datagrams dropped: not chat, wrong session, bad MAC, replayed, malformed or unexpected.</summary>
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

    /// <summary>Messages delivered to this user, in conversation order, each once.</summary>
    public ChannelReader<IncomingMessage> Incoming => _incoming.Reader;

    /// <summary>Incoming messages as an async stream (ends when the client is disposed).</summary>
    public IAsyncEnumerable<IncomingMessage> ReadMessagesAsync(CancellationToken cancellationToken = default) => _incoming.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Asks the server who it is (the one request anyone can make without an account).</summary>
    public async Task<ProbeReplyMessage> ProbeAsync(CancellationToken cancellationToken = default)
    {
        var probe = new byte[ChatWire.PrefixLength];
        HandshakeCodec.WriteProbe(probe);
        byte[] reply = await RequestAsync(probe, d => IsType(d, ChatMessageType.ProbeReply), "PROBE", cancellationToken).ConfigureAwait(false);
        return HandshakeCodec.TryReadProbeReply(reply, out ProbeReplyMessage message)
            ? message
            : throw new ChatException(ChatErrorCode.Malformed, "the server's PROBE_REPLY is malformed");
    }

    /// <summary>
    /// Creates account <paramref name="userName"/>. Only the SCRAM verifier (salt, iterations, StoredKey, ServerKey) is sent.
    /// Throws <see cref="ChatException"/> (for example <see cref="ChatErrorCode.UserExists"/>) or <see cref="ChatTimeoutException"/>.
    /// </summary>
    public async Task RegisterAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        ValidateUserName(userName);
        ArgumentException.ThrowIfNullOrEmpty(password);
        ScramVerifier verifier = Scram.CreateVerifier(password, _options.RegistrationIterations);
        var request = new byte[ChatWire.MaxDatagram];
        int length = HandshakeCodec.WriteRegister(request, new RegisterMessage(userName, verifier));
        byte[] reply = await RequestAsync(request[..length], d => IsType(d, ChatMessageType.Registered) || IsType(d, ChatMessageType.Error), "REGISTER", cancellationToken).ConfigureAwait(false);
        ThrowIfError(reply, "registration");
    }

    /// <summary>
    /// Logs in as <paramref name="userName"/> (HELLO padded to 1200 bytes, CHALLENGE, PROOF, WELCOME) and checks the
    /// server's signature, so a fake server is detected. Logging in again replaces the current session (messages in
    /// flight are resent under the new one). Throws <see cref="ChatException"/> with
    /// <see cref="ChatErrorCode.AuthenticationFailed"/> for a wrong name or password, <see cref="ChatTimeoutException"/> when the server is silent.
    /// </summary>
    public async Task LoginAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        ValidateUserName(userName);
        ArgumentException.ThrowIfNullOrEmpty(password);
        await LoginCoreAsync(userName, password, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues <paramref name="text"/> for <paramref name="to"/> and starts sending it; returns at once with the message,
    /// whose state then moves Sending → Sent → Delivered → Read, or to Failed when <paramref name="deadline"/>
    /// (default <see cref="ChatClientOptions.DefaultDeadline"/>) passes before the server stored it, or the server refused it.
    /// </summary>
    public Task<OutgoingMessage> SendAsync(string to, string text, TimeSpan? deadline = null, CancellationToken cancellationToken = default)
    {
        ValidateUserName(to);
        ArgumentNullException.ThrowIfNull(text);
        cancellationToken.ThrowIfCancellationRequested();
        if (Encoding.UTF8.GetByteCount(text) > ChatWire.MaxTextBytes)
        {
            throw new ChatException(ChatErrorCode.MessageTooLarge, $"the text is longer than {ChatWire.MaxTextBytes} bytes of UTF-8");
        }

        TimeSpan limit = deadline ?? _options.DefaultDeadline;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(deadline));
        var message = new OutgoingMessage(Guid.NewGuid(), to, text);
        byte[] envelope = EnvelopeCodec.EncodeSubmission(new SubmissionEnvelope(to, text));
        var changes = new List<OutgoingStateChange>();
        lock (_gate)
        {
            RequireSession();
            long now = Now();
            if (!_outbox.TryEnqueue(message, envelope, now + limit.Ticks))
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

    /// <summary>Tells the sender of message <paramref name="messageId"/> that the user has read it (RECEIPT read, retransmitted until acknowledged).</summary>
    public Task MarkReadAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            RequireSession();
            _ordering.TryGetSequence(messageId, out ulong sequence);
            _receipts.Enqueue(new ReceiptBody(messageId, DeliveryState.Read, sequence, _time.GetUtcNow().ToUnixTimeMilliseconds()));
            Pump(Now(), []);
        }

        Wake();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Ends the session: waits briefly (up to 2 s) until the server confirmed the receipts this client owes, so it does
    /// not deliver those messages again, then sends LOGOUT. Messages still unsent stay queued until their deadline.
    /// </summary>
    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
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

        lock (_gate)
        {
            if (_session is null)
            {
                return;
            }

            // Twice: LOGOUT is not acknowledged, and a lost one only costs the server a session timeout.
            SendSecure(ChatMessageType.Logout, 0);
            SendSecure(ChatMessageType.Logout, 0);
            _session = null;
            _credentials = null;
        }
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
        await Task.WhenAll(_receiveLoop, _maintenanceLoop).ConfigureAwait(false);
        var changes = new List<OutgoingStateChange>();
        lock (_gate)
        {
            _outbox.FailAll("the client was closed before the server stored the message", changes);
        }

        Apply(changes);
        _incoming.Writer.TryComplete();
        _stopping.Dispose();
        _handshakeTurn.Dispose();
        _wake.Dispose();
    }

    private async Task LoginCoreAsync(string userName, string? password, CachedCredentials? cached, CancellationToken cancellationToken)
    {
        byte[] clientNonce = RandomNumberGenerator.GetBytes(ChatWire.NonceLength);
        var hello = new byte[ChatWire.MinHelloLength];
        HandshakeCodec.WriteHello(hello, userName, clientNonce);
        byte[] reply = await RequestAsync(
            hello,
            d => IsType(d, ChatMessageType.Error)
                || (IsType(d, ChatMessageType.Challenge) && HandshakeCodec.TryReadChallenge(d, out ChallengeMessage c) && c.ClientNonce.AsSpan().SequenceEqual(clientNonce)),
            "HELLO",
            cancellationToken).ConfigureAwait(false);
        ThrowIfError(reply, "login");
        HandshakeCodec.TryReadChallenge(reply, out ChallengeMessage challenge);

        CachedCredentials credentials;
        if (password is not null)
        {
            (byte[] clientKey, byte[] storedKey, byte[] serverKey) = Scram.DeriveKeys(password, challenge.Salt, challenge.Iterations);
            credentials = new CachedCredentials(userName, challenge.Salt, challenge.Iterations, clientKey, storedKey, serverKey);
        }
        else if (cached is not null && cached.Matches(challenge.Salt, challenge.Iterations))
        {
            credentials = cached;
        }
        else
        {
            throw new ChatException(ChatErrorCode.AuthenticationFailed, "the account's salt changed; log in again with the password");
        }

        byte[] authMessage = Scram.AuthMessage(userName, challenge);
        byte[] clientProof = Scram.ClientProof(credentials.ClientKey, credentials.StoredKey, authMessage);
        var proof = new byte[ChatWire.MaxDatagram];
        int proofLength = HandshakeCodec.WriteProof(proof, new ProofMessage(clientNonce, challenge.ServerNonce, clientProof));
        byte[] answer = await RequestAsync(
            proof[..proofLength],
            d => IsType(d, ChatMessageType.Welcome) || IsType(d, ChatMessageType.Error),
            "PROOF",
            cancellationToken).ConfigureAwait(false);
        if (ChatPrefix.TryRead(answer, out ChatMessageType type) && type == ChatMessageType.Error
            && HandshakeCodec.TryReadError(answer, out ErrorMessage error) && error.Code == ChatErrorCode.AuthenticationFailed)
        {
            throw new ChatException(ChatErrorCode.AuthenticationFailed, $"login refused for '{userName}': wrong user name or password");
        }

        ThrowIfError(answer, "login");
        if (!HandshakeCodec.TryReadWelcome(answer, out WelcomeMessage welcome)
            || !CryptographicOperations.FixedTimeEquals(welcome.ServerSignature, Scram.ServerSignature(credentials.ServerKey, authMessage)))
        {
            throw new ChatException(ChatErrorCode.AuthenticationFailed, "the server could not prove it knows this account (bad server signature): not talking to it");
        }

        var session = new ChatSession(userName, welcome.SessionId, Scram.DeriveSessionKeys(credentials.ClientKey, authMessage));
        lock (_gate)
        {
            _session = session;
            _credentials = credentials;
            _outbox.RestartTransfers();
            _receipts.ResetSends();
            Pump(Now(), []);
        }
    }

    private async Task<byte[]> RequestAsync(byte[] request, Func<byte[], bool> accept, string what, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _handshakeTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _handshake.RequestAsync(() => SendRaw(request), accept, _options.HandshakeTimeout, _time, $"{what} from {Server}", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _handshakeTurn.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[ReceiveBufferLength];
        CancellationToken token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP port unreachable while the server is down, or an oversized datagram: keep listening; deadlines report the outage.
                continue;
            }

            if (length > ChatWire.MaxDatagram)
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }

            Handle(buffer.AsSpan(0, length));
        }
    }

    private void Handle(ReadOnlySpan<byte> datagram)
    {
        if (!ChatPrefix.TryRead(datagram, out ChatMessageType type))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        if (type < ChatMessageType.Data)
        {
            HandleUnauthenticated(datagram, type);
            return;
        }

        var changes = new List<OutgoingStateChange>();
        lock (_gate)
        {
            if (_session is null || !_session.TryOpen(datagram, out ReadOnlySpan<byte> body))
            {
                Interlocked.Increment(ref _dropped);
                return;
            }

            long now = Now();
            bool understood = type switch
            {
                ChatMessageType.Data => HandleData(body, now),
                ChatMessageType.Ack => HandleAck(body, now),
                ChatMessageType.Receipt => HandleReceipt(body, now, changes),
                ChatMessageType.Reject => HandleReject(body, now, changes),
                ChatMessageType.Pong => true,
                _ => false,
            };
            if (!understood)
            {
                Interlocked.Increment(ref _dropped);
            }
        }

        Apply(changes);
    }

    private void HandleUnauthenticated(ReadOnlySpan<byte> datagram, ChatMessageType type)
    {
        if (_handshake.Offer(datagram))
        {
            return;
        }

        // The server forgot our session (it restarted): log in again with the cached keys. Anyone can send this
        // unauthenticated ERROR, so it only ever costs one login exchange per ResumeSpacing.
        if (type == ChatMessageType.Error && HandshakeCodec.TryReadError(datagram, out ErrorMessage error) && error.Code == ChatErrorCode.UnknownSession)
        {
            TryStartResume();
            return;
        }

        Interlocked.Increment(ref _dropped);
    }

    private void TryStartResume()
    {
        CachedCredentials? credentials;
        lock (_gate)
        {
            credentials = _credentials;
            long now = Now();
            if (credentials is null || _session is null || now - _lastResumeTicks < ResumeSpacing.Ticks || _disposed != 0)
            {
                return;
            }

            _lastResumeTicks = now;
        }

        if (Interlocked.Exchange(ref _resuming, 1) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await LoginCoreAsync(credentials.UserName, null, credentials, _stopping.Token).ConfigureAwait(false);
            }
            catch (ChatException)
            {
                // Still unreachable or refused: the next UnknownSession error tries again; deadlines report lasting failure.
            }
            catch (OperationCanceledException)
            {
                // Closing.
            }
            catch (ObjectDisposedException)
            {
                // Closing.
            }
            finally
            {
                Volatile.Write(ref _resuming, 0);
            }
        });
    }

    private bool HandleData(ReadOnlySpan<byte> body, long now)
    {
        if (!SessionBodyCodec.TryReadData(body, out DataFragment fragment))
        {
            return false;
        }

        // Acknowledge every fragment, duplicates too: the server retransmits until it hears this.
        var id = new Guid(fragment.MessageId, bigEndian: true);
        int ackLength = SessionBodyCodec.WriteAck(SecureFrame.BodyArea(_sendBuffer), new AckBody(id, fragment.Index));
        SendSecure(ChatMessageType.Ack, ackLength);

        byte[]? envelope = _reassembler.Add(id, fragment.Index, fragment.Count, fragment.Chunk);
        if (envelope is null)
        {
            return true;
        }

        if (!EnvelopeCodec.TryDecodeDelivery(envelope, out DeliveryEnvelope delivery))
        {
            return false;
        }

        // A full queue means the application is not reading: leave the message unconfirmed so the server keeps it.
        if (_incoming.Reader.Count + _ordering.HeldCount >= _options.IncomingCapacity && !_ordering.WasReleased(id))
        {
            return true;
        }

        long unixMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        IReadOnlyList<(Guid Id, DeliveryEnvelope Envelope)> released = _ordering.Offer(id, delivery, out bool duplicate);
        if (duplicate)
        {
            _receipts.Enqueue(new ReceiptBody(id, DeliveryState.Delivered, delivery.ServerSequence, unixMs));
        }

        foreach ((Guid releasedId, DeliveryEnvelope message) in released)
        {
            _incoming.Writer.TryWrite(new IncomingMessage(
                releasedId, message.From, message.To, message.Text, DateTimeOffset.FromUnixTimeMilliseconds(message.SentAtUnixMilliseconds), message.ServerSequence));
            _receipts.Enqueue(new ReceiptBody(releasedId, DeliveryState.Delivered, message.ServerSequence, unixMs));
        }

        SendDueReceipts(now);
        return true;
    }

    private bool HandleAck(ReadOnlySpan<byte> body, long now)
    {
        if (!SessionBodyCodec.TryReadAck(body, out AckBody ack))
        {
            return false;
        }

        if (ack.Index == SessionBodyCodec.ReceiptFragment)
        {
            _receipts.Acknowledge(ack.MessageId);
        }
        else if (_outbox.OnFragmentAcknowledged(ack.MessageId, ack.Index, now) is { } sample)
        {
            _rto.Sample(sample);
        }

        return true;
    }

    private bool HandleReceipt(ReadOnlySpan<byte> body, long now, List<OutgoingStateChange> changes)
    {
        if (!SessionBodyCodec.TryReadReceipt(body, out ReceiptBody receipt))
        {
            return false;
        }

        int ackLength = SessionBodyCodec.WriteAck(SecureFrame.BodyArea(_sendBuffer), new AckBody(receipt.MessageId, SessionBodyCodec.ReceiptFragment));
        SendSecure(ChatMessageType.Ack, ackLength);
        if (_tracked.TryGetValue(receipt.MessageId, out OutgoingMessage message))
        {
            changes.Add(new OutgoingStateChange(message, receipt.State, receipt.ServerSequence));
            if (receipt.State == DeliveryState.Read)
            {
                _tracked.Remove(receipt.MessageId);
            }
        }

        // Any receipt (sent, or a later one overtaking a lost "sent") means the server stored it: the conversation moves on.
        if (_outbox.Settle(receipt.MessageId))
        {
            Pump(now, changes);
        }

        return true;
    }

    private bool HandleReject(ReadOnlySpan<byte> body, long now, List<OutgoingStateChange> changes)
    {
        if (!SessionBodyCodec.TryReadReject(body, out RejectBody reject))
        {
            return false;
        }

        if (_tracked.TryGetValue(reject.MessageId, out OutgoingMessage message))
        {
            changes.Add(new OutgoingStateChange(message, DeliveryState.Failed, FailureReason: $"the server refused the message: {reject.Code}", RejectCode: reject.Code));
            _tracked.Remove(reject.MessageId);
        }

        if (_outbox.Settle(reject.MessageId))
        {
            Pump(now, changes);
        }

        return true;
    }

    private async Task MaintenanceLoopAsync()
    {
        CancellationToken token = _stopping.Token;
        var changes = new List<OutgoingStateChange>();
        while (!token.IsCancellationRequested)
        {
            TimeSpan wait;
            lock (_gate)
            {
                wait = _outbox.HasWork || _receipts.Count > 0 ? BusyTick : IdleTick;
            }

            try
            {
                await _wake.WaitAsync(wait, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            changes.Clear();
            lock (_gate)
            {
                Pump(Now(), changes);
            }

            Apply(changes);
        }
    }

    /// <summary>Sends whatever is due now: message fragments (and deadline failures), receipts, a keepalive PING. Under <see cref="_gate"/>.</summary>
    private void Pump(long now, List<OutgoingStateChange> changes)
    {
        TimeSpan rto = _rto.Timeout;
        foreach ((OutboundMessage transfer, int index) in _outbox.Tick(now, rto, changes))
        {
            if (_session is not null)
            {
                int length = SessionBodyCodec.WriteData(SecureFrame.BodyArea(_sendBuffer), transfer.Id, (ushort)index, (ushort)transfer.FragmentCount, transfer.Fragment(index));
                SendSecure(ChatMessageType.Data, length);
            }
        }

        SendDueReceipts(now);
        if (_session is not null && now - _lastSentTicks >= _options.KeepAliveInterval.Ticks)
        {
            SendSecure(ChatMessageType.Ping, 0);
        }
    }

    private void SendDueReceipts(long now)
    {
        if (_session is null || _receipts.Count == 0)
        {
            return;
        }

        foreach (ReceiptBody receipt in _receipts.TakeDue(now, _rto.Timeout))
        {
            int length = SessionBodyCodec.WriteReceipt(SecureFrame.BodyArea(_sendBuffer), receipt);
            SendSecure(ChatMessageType.Receipt, length);
        }
    }

    /// <summary>Seals the body already in <see cref="_sendBuffer"/> and sends it. Under <see cref="_gate"/> with a session.</summary>
    private void SendSecure(ChatMessageType type, int bodyLength)
    {
        if (_session is null)
        {
            return;
        }

        int length = _session.Seal(_sendBuffer, type, bodyLength);
        _lastSentTicks = Now();
        SendRaw(_sendBuffer.AsSpan(0, length));
    }

    private void SendRaw(ReadOnlySpan<byte> datagram)
    {
        try
        {
            _socket.Send(datagram, SocketFlags.None);
        }
        catch (SocketException)
        {
            // The server is down (ICMP unreachable reported on this send): retransmission and deadlines handle it.
        }
        catch (ObjectDisposedException)
        {
            // Closing.
        }
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
        catch (ObjectDisposedException)
        {
            // Closing.
        }
    }

    private void Apply(List<OutgoingStateChange> changes)
    {
        foreach (OutgoingStateChange change in changes)
        {
            change.Apply();
        }

        if (changes.Count > 0)
        {
            Wake();
        }
    }

    private long Now() => _time.GetElapsedTime(_origin).Ticks;

    private void RequireSession()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_session is null)
        {
            throw new ChatException("not logged in: call LoginAsync first");
        }
    }

    private static void ValidateUserName(string userName)
    {
        if (!ChatUserName.IsValid(userName))
        {
            throw new ArgumentException($"'{userName}' is not a valid user name (1-{ChatWire.MaxUserNameBytes} bytes of UTF-8, no control characters, no surrounding spaces)", nameof(userName));
        }
    }

    private static bool IsType(byte[] datagram, ChatMessageType type) => ChatPrefix.TryRead(datagram, out ChatMessageType actual) && actual == type;

    private static void ThrowIfError(byte[] reply, string what)
    {
        if (IsType(reply, ChatMessageType.Error))
        {
            string text = HandshakeCodec.TryReadError(reply, out ErrorMessage error) ? error.Text : "malformed error";
            throw new ChatException(error.Code, $"{what} refused by the server: {error.Code}{(text.Length > 0 ? $" ({text})" : string.Empty)}");
        }
    }
}
