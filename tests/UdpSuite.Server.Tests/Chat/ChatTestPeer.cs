using System.Net;
using System.Net.Sockets;
using System.Buffers.Binary;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>
/// A minimal chat client for server tests, built on the protocol's pure components only (the v2 channel client, the
/// login codecs and proof computation): register, log in, send messages as DATA fragments, and read whatever the server
/// sends (acknowledging DATA and RECEIPTs as a client must). Everything it receives is recorded for assertions.
/// Not thread-safe: one test drives it.
/// </summary>
internal sealed class ChatTestPeer : IDisposable
{
    /// <summary>Argon2id parameters of test accounts: the cheapest libsodium computes, so tests stay fast (the test server's floor allows them).</summary>
    public static readonly Argon2idParameters PasswordHash = TestLogin.PasswordHash;

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ResendInterval = TimeSpan.FromMilliseconds(300);

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private readonly Reassembler _reassembler = new();
    private readonly HashSet<Guid> _seenDeliveries = [];
    private readonly byte[] _opened = new byte[ChannelWire.MaxDatagram];
    private ChannelClient? _channel;

    /// <summary>A peer of <paramref name="server"/>; <paramref name="local"/> is the loopback address to send from (default 127.0.0.1; another 127.x address is another source).</summary>
    public ChatTestPeer(IPEndPoint server, string user, IPAddress? local = null)
    {
        _server = server;
        User = user;
        _socket.Bind(new IPEndPoint(local ?? IPAddress.Loopback, 0));
    }

    public string User { get; }

    public ulong SessionId { get; private set; }

    /// <summary>The static key the server proved in the last handshake.</summary>
    public byte[] ServerStaticKey { get; private set; } = [];

    /// <summary>True once a login succeeded (the channel carries session messages).</summary>
    public bool IsLoggedIn { get; private set; }

    /// <summary>When false, the peer acknowledges DATA fragments but sends no RECEIPT(delivered) for complete messages.</summary>
    public bool ConfirmDeliveries { get; set; } = true;

    public List<DeliveryEnvelope> Deliveries { get; } = [];

    public List<ReceiptBody> Receipts { get; } = [];

    public List<AckBody> Acks { get; } = [];

    public List<RejectBody> Rejects { get; } = [];

    public int Pongs { get; private set; }

    /// <summary>SLOW_DOWN notices received (authenticated).</summary>
    public List<SlowDownBody> SlowDowns { get; } = [];

    /// <summary>Sealed datagrams that failed to open with the session's receive key (should stay 0).</summary>
    public int Unverifiable { get; private set; }

    /// <summary>Every datagram sent to and received from the server, as raw bytes (for amplification checks).</summary>
    public List<(bool Outgoing, byte[] Datagram)> Wire { get; } = [];

    private static TimeSpan Now => TimeSpan.FromMilliseconds(Environment.TickCount64);

    public void SendRaw(ReadOnlySpan<byte> datagram)
    {
        Wire.Add((true, datagram.ToArray()));
        _socket.SendTo(datagram, SocketFlags.None, _server);
    }

    /// <summary>The next datagram from the server, or null after <paramref name="timeout"/>.</summary>
    public async Task<byte[]?> ReceiveRawAsync(TimeSpan? timeout = null)
    {
        var buffer = new byte[65_536];
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            SocketReceiveFromResult result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            byte[] datagram = buffer[..result.ReceivedBytes];
            Wire.Add((false, datagram));
            return datagram;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public Task<byte[]> RequestAsync(ReadOnlySpan<byte> datagram)
    {
        SendRaw(datagram);
        return ReplyAsync();
    }

    /// <summary>Sends <paramref name="datagram"/> and returns the answer, or null when none comes within 150 ms.</summary>
    public Task<byte[]?> RequestOrNullAsync(ReadOnlySpan<byte> datagram)
    {
        SendRaw(datagram);
        return ReceiveRawAsync(TimeSpan.FromMilliseconds(150));
    }

    private async Task<byte[]> ReplyAsync() => await ReceiveRawAsync() ?? throw new TimeoutException("no reply from the chat server");

    /// <summary>Runs a fresh Noise handshake (a new channel; any previous one is abandoned) and accepts the server's key.</summary>
    public async Task OpenChannelAsync()
    {
        _channel?.Dispose();
        _channel = new ChannelClient();
        IsLoggedIn = false;
        var buffer = new byte[ChannelWire.MaxDatagram];
        SendRaw(buffer.AsSpan(0, _channel.Start(Now, buffer)));
        DateTime deadline = DateTime.UtcNow + DefaultTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await ReceiveRawAsync(ResendInterval) is not { } datagram)
            {
                if (_channel.OnTimer(Now, buffer) == ClientTimerAction.Retransmit)
                {
                    SendRaw(buffer);
                }

                continue;
            }

            ClientReceiveResult result = _channel.Receive(datagram, Now, buffer);
            if (result.Event == ClientEvent.Send)
            {
                SendRaw(buffer.AsSpan(0, result.Length));
            }
            else if (result.Event == ClientEvent.ServerKeyPresented)
            {
                ServerStaticKey = _channel.ServerStaticKey.ToArray();
                _channel.AcceptServerKey(Now);
                SessionId = _channel.SessionId;
                return;
            }
        }

        throw new TimeoutException("no handshake RESPONSE from the chat server");
    }

    /// <summary>Registers with <paramref name="password"/> on a fresh channel; null on success, else the server's error code.</summary>
    public async Task<ChatErrorCode?> RegisterAsync(string password, Argon2idParameters? parameters = null)
    {
        await OpenChannelAsync();
        (byte type, byte[] answer) = await LoginRequestAsync(ChannelMessageType.Register, RegisterBody(password, parameters));
        return ErrorOf(type, answer, ChannelMessageType.Registered);
    }

    /// <summary>A REGISTER body for this user (fresh salt).</summary>
    public byte[] RegisterBody(string password, Argon2idParameters? parameters = null) => TestLogin.RegisterBody(User, password, parameters);

    /// <summary>Sends a login-phase message on the current channel until answered; the answer's inner type and body.</summary>
    public Task<(byte Type, byte[] Body)> RequestSealedAsync(ChannelMessageType type, byte[] body) => LoginRequestAsync(type, body);

    /// <summary>Logs in on a fresh channel; null on success (server signature checked), else the server's error code.</summary>
    public async Task<ChatErrorCode?> LoginAsync(string password)
    {
        await OpenChannelAsync();
        return await LoginOnChannelAsync(password);
    }

    /// <summary>The LOGIN_PROOF body of the last login (to resend it).</summary>
    public byte[]? LastProofBody { get; private set; }

    /// <summary>The WELCOME body of the last login.</summary>
    public byte[]? LastWelcome { get; private set; }

    /// <summary>Logs in on the channel already open (e.g. after REGISTER on it).</summary>
    public async Task<ChatErrorCode?> LoginOnChannelAsync(string password)
    {
        (byte type, byte[] answer) = await LoginRequestAsync(ChannelMessageType.LoginStart, TestLogin.LoginStartBody(User));
        if (ErrorOf(type, answer, ChannelMessageType.LoginParams) is { } startError)
        {
            return startError;
        }

        TestLogin.Proof proof = TestLogin.Prove(User, password, answer, _channel!.Session.HandshakeHash);
        LastProofBody = proof.Body;
        (type, answer) = await LoginRequestAsync(ChannelMessageType.LoginProof, LastProofBody);
        if (ErrorOf(type, answer, ChannelMessageType.Welcome) is { } proofError)
        {
            return proofError;
        }

        Assert.True(proof.Verifies(answer));
        LastWelcome = answer;
        IsLoggedIn = true;
        return null;
    }

    /// <summary>Seals one message (next packet number) without sending it; <paramref name="sessionId"/> overwrites the clear session id afterwards (a forgery).</summary>
    public byte[] Seal(ChatMessageType type, ReadOnlySpan<byte> body, ulong? sessionId = null) => Seal((byte)type, body, sessionId);

    /// <summary>Seals one message of any inner type (login types included).</summary>
    public byte[] Seal(byte innerType, ReadOnlySpan<byte> body, ulong? sessionId = null)
    {
        var datagram = new byte[ChannelWire.MaxDatagram];
        SealResult result = _channel!.Seal(innerType, body, Now, datagram);
        Assert.True(result.IsSealed);
        if (sessionId is { } forged)
        {
            BinaryPrimitives.WriteUInt64BigEndian(datagram.AsSpan(ChannelWire.PrefixLength), forged);
        }

        return datagram[..result.Length];
    }

    public void SendSecure(ChatMessageType type, ReadOnlySpan<byte> body) => SendRaw(Seal(type, body));

    /// <summary>Opens a datagram of this peer's channel: its inner type and body, or false (forged, replayed, not ours).</summary>
    public bool TryOpen(ReadOnlySpan<byte> datagram, out ChatMessageType type, out byte[] body)
    {
        type = default;
        body = [];
        if (_channel is null)
        {
            return false;
        }

        ClientReceiveResult result = _channel.Receive(datagram, Now, _opened);
        if (result.Event == ClientEvent.Send)
        {
            SendRaw(_opened.AsSpan(0, result.Length)); // a PATH_RESPONSE
            return false;
        }

        if (result.Event != ClientEvent.Message)
        {
            if (result.Drop == ChannelDropReason.Authentication)
            {
                Unverifiable++;
            }

            return false;
        }

        type = (ChatMessageType)result.InnerType;
        body = _opened.AsSpan(1, result.Length).ToArray();
        return true;
    }

    /// <summary>Sends a login-phase message, resending it until a login-phase answer arrives; returns the answer's inner type and body.</summary>
    private async Task<(byte Type, byte[] Body)> LoginRequestAsync(ChannelMessageType type, byte[] request)
    {
        DateTime deadline = DateTime.UtcNow + DefaultTimeout;
        while (DateTime.UtcNow < deadline)
        {
            SendRaw(Seal((byte)type, request));
            DateTime resendAt = DateTime.UtcNow + ResendInterval;
            while (DateTime.UtcNow < resendAt && await ReceiveRawAsync(ResendInterval) is { } datagram)
            {
                // A late LOGIN_PARAMS answers an earlier, resent LOGIN_START (a slow server), not this request.
                if (TryOpen(datagram, out ChatMessageType inner, out byte[] answer) && (byte)inner < (byte)ChatMessageType.Data
                    && (type == ChannelMessageType.LoginStart || (byte)inner != (byte)ChannelMessageType.LoginParams))
                {
                    return ((byte)inner, answer);
                }
            }
        }

        throw new TimeoutException($"no answer to {type} from the chat server");
    }

    private static ChatErrorCode? ErrorOf(byte type, byte[] body, ChannelMessageType expected)
    {
        if (type == (byte)ChannelMessageType.Error)
        {
            Assert.True(LoginMessages.TryReadError(body, out ChannelError? error));
            return error!.Code;
        }

        Assert.Equal((byte)expected, type);
        return null;
    }

    /// <summary>Sends every fragment of a submission of <paramref name="text"/> to <paramref name="to"/>; returns the message id.</summary>
    public Guid Send(string to, string text, Guid? messageId = null) => SendEnvelope(EnvelopeCodec.EncodeSubmission(new SubmissionEnvelope(to, text)), messageId);

    /// <summary>Sends the fragments of an already encoded envelope (e.g. one the codec would refuse to build).</summary>
    public Guid SendEnvelope(byte[] envelope, Guid? messageId = null)
    {
        Guid id = messageId ?? Guid.NewGuid();
        int count = EnvelopeCodec.FragmentCount(envelope.Length);
        var body = new byte[ChatWire.MaxSecureBody];
        for (int index = 0; index < count; index++)
        {
            int length = SessionBodyCodec.WriteData(body, id, (ushort)index, (ushort)count, EnvelopeCodec.Fragment(envelope, index));
            SendSecure(ChatMessageType.Data, body.AsSpan(0, length));
        }

        return id;
    }

    public void SendReceipt(Guid messageId, DeliveryState state, ulong sequence)
    {
        var body = new byte[64];
        int length = SessionBodyCodec.WriteReceipt(body, new ReceiptBody(messageId, state, sequence, 0));
        SendSecure(ChatMessageType.Receipt, body.AsSpan(0, length));
    }

    /// <summary>
    /// Reads and handles datagrams until <paramref name="condition"/> holds (true) or <paramref name="timeout"/>
    /// passes (false). <paramref name="onIdle"/> runs whenever 50 ms pass without a datagram (e.g. a server tick).
    /// </summary>
    public async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan? timeout = null, Action? onIdle = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            byte[]? datagram = await ReceiveRawAsync(TimeSpan.FromMilliseconds(50));
            if (datagram is null)
            {
                onIdle?.Invoke();
                continue;
            }

            Handle(datagram);
        }

        return true;
    }

    /// <summary>Handles everything that arrives within <paramref name="quiet"/> of the previous datagram.</summary>
    public async Task DrainAsync(TimeSpan? quiet = null)
    {
        while (await ReceiveRawAsync(quiet ?? TimeSpan.FromMilliseconds(200)) is { } datagram)
        {
            Handle(datagram);
        }
    }

    public void Dispose() => _socket.Dispose();

    private void Handle(byte[] datagram)
    {
        if (!TryOpen(datagram, out ChatMessageType type, out byte[] body))
        {
            return;
        }

        var reply = new byte[64];
        switch (type)
        {
            case ChatMessageType.Data:
                Assert.True(SessionBodyCodec.TryReadData(body, out DataFragment fragment));
                var id = new Guid(fragment.MessageId, bigEndian: true);
                SendSecure(ChatMessageType.Ack, reply.AsSpan(0, SessionBodyCodec.WriteAck(reply, new AckBody(id, fragment.Index))));
                if (_reassembler.Add(id, fragment.Index, fragment.Count, fragment.Chunk) is { } envelope && _seenDeliveries.Add(id))
                {
                    Assert.True(EnvelopeCodec.TryDecodeDelivery(envelope, out DeliveryEnvelope delivery));
                    Deliveries.Add(delivery);
                    DeliveredIds.Add(id);
                    if (ConfirmDeliveries)
                    {
                        SendReceipt(id, DeliveryState.Delivered, delivery.ServerSequence);
                    }
                }

                break;
            case ChatMessageType.Receipt:
                Assert.True(SessionBodyCodec.TryReadReceipt(body, out ReceiptBody receipt));
                SendSecure(ChatMessageType.Ack, reply.AsSpan(0, SessionBodyCodec.WriteAck(reply, new AckBody(receipt.MessageId, SessionBodyCodec.ReceiptAckIndex(receipt.State)))));
                Receipts.Add(receipt);
                break;
            case ChatMessageType.Ack:
                Assert.True(SessionBodyCodec.TryReadAck(body, out AckBody ack));
                Acks.Add(ack);
                break;
            case ChatMessageType.Reject:
                Assert.True(SessionBodyCodec.TryReadReject(body, out RejectBody reject));
                Rejects.Add(reject);
                break;
            case ChatMessageType.Pong:
                Pongs++;
                break;
            case ChatMessageType.Presence:
                Assert.True(PresenceCodec.TryReadPresence(body, out PresenceBody presence));
                if (AcknowledgePresence)
                {
                    var presenceAck = new byte[128];
                    SendSecure(ChatMessageType.PresenceAck, presenceAck.AsSpan(0, PresenceCodec.WritePresenceAck(presenceAck, new PresenceAckBody(presence.User, presence.Version))));
                }

                PresencePushes.Add(presence);
                break;
            case ChatMessageType.Reply:
                Assert.True(PresenceCodec.TryReadReplyHeader(body, out ReplyHeader header));
                Replies.Add((header, body.ToArray()));
                break;
            case ChatMessageType.SlowDown:
                Assert.True(SlowDownBody.TryRead(body, out SlowDownBody slowDown));
                SlowDowns.Add(slowDown);
                break;
        }
    }

    /// <summary>When false, PRESENCE pushes are recorded but not acknowledged (so the server retransmits them).</summary>
    public bool AcknowledgePresence { get; set; } = true;

    /// <summary>Every PRESENCE push received, retransmissions included, in arrival order.</summary>
    public List<PresenceBody> PresencePushes { get; } = [];

    /// <summary>Every REPLY received: header and whole body.</summary>
    public List<(ReplyHeader Header, byte[] Body)> Replies { get; } = [];

    /// <summary>Message ids of <see cref="Deliveries"/>, in the same order.</summary>
    public List<Guid> DeliveredIds { get; } = [];
}
