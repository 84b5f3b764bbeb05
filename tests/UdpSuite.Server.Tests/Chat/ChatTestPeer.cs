using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>
/// A minimal chat client for server tests, built on the protocol codecs only: register, log in, send messages
/// as DATA fragments, and read whatever the server sends (acknowledging DATA and RECEIPTs as a client must).
/// Everything it receives is recorded for assertions.
/// </summary>
internal sealed class ChatTestPeer : IDisposable
{
    /// <summary>PBKDF2 iterations for test accounts: the protocol's minimum, so tests stay fast.</summary>
    public const int Iterations = ScramVerifier.MinIterations;

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private readonly Reassembler _reassembler = new();
    private readonly HashSet<Guid> _seenDeliveries = [];
    private ulong _sequence;

    /// <summary>A peer of <paramref name="server"/>; <paramref name="local"/> is the loopback address to send from (default 127.0.0.1; another 127.x address is another source).</summary>
    public ChatTestPeer(IPEndPoint server, string user, IPAddress? local = null)
    {
        _server = server;
        User = user;
        _socket.Bind(new IPEndPoint(local ?? IPAddress.Loopback, 0));
    }

    public string User { get; }

    public ulong SessionId { get; private set; }

    public SessionKeys? Keys { get; private set; }

    /// <summary>When false, the peer acknowledges DATA fragments but sends no RECEIPT(delivered) for complete messages.</summary>
    public bool ConfirmDeliveries { get; set; } = true;

    public List<DeliveryEnvelope> Deliveries { get; } = [];

    public List<ReceiptBody> Receipts { get; } = [];

    public List<AckBody> Acks { get; } = [];

    public List<RejectBody> Rejects { get; } = [];

    public int Pongs { get; private set; }

    /// <summary>SLOW_DOWN notices received (authenticated).</summary>
    public List<SlowDownBody> SlowDowns { get; } = [];

    /// <summary>Authenticated datagrams that failed to open with the session's s2c key (should stay 0).</summary>
    public int Unverifiable { get; private set; }

    /// <summary>Every datagram sent to and received from the server, as raw bytes (for amplification checks).</summary>
    public List<(bool Outgoing, byte[] Datagram)> Wire { get; } = [];

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

    private async Task<byte[]> ReplyAsync() => await ReceiveRawAsync() ?? throw new TimeoutException("no reply from the chat server");

    /// <summary>Registers with <paramref name="password"/>; null on success, else the server's error code.</summary>
    public async Task<ChatErrorCode?> RegisterAsync(string password)
    {
        var buffer = new byte[ChatWire.MaxDatagram];
        int length = HandshakeCodec.WriteRegister(buffer, new RegisterMessage(User, Scram.CreateVerifier(password, Iterations)));
        byte[] reply = await RequestAsync(buffer.AsSpan(0, length));
        return ReplyError(reply, ChatMessageType.Registered);
    }

    /// <summary>Logs in; null on success (session id and keys set, server signature checked), else the server's error code.</summary>
    public async Task<ChatErrorCode?> LoginAsync(string password)
    {
        byte[] clientNonce = RandomNumberGenerator.GetBytes(ChatWire.NonceLength);
        var buffer = new byte[ChatWire.MaxDatagram];
        byte[] reply = await RequestAsync(buffer.AsSpan(0, HandshakeCodec.WriteHello(buffer, User, clientNonce)));
        if (ReplyError(reply, ChatMessageType.Challenge) is { } helloError)
        {
            return helloError;
        }

        Assert.True(HandshakeCodec.TryReadChallenge(reply, out ChallengeMessage challenge));
        Assert.Equal(clientNonce, challenge.ClientNonce);
        (byte[] clientKey, byte[] storedKey, byte[] serverKey) = Scram.DeriveKeys(password, challenge.Salt, challenge.Iterations);
        byte[] authMessage = Scram.AuthMessage(User, challenge);
        var proof = new ProofMessage(challenge.ClientNonce, challenge.ServerNonce, Scram.ClientProof(clientKey, storedKey, authMessage));
        reply = await RequestAsync(buffer.AsSpan(0, HandshakeCodec.WriteProof(buffer, proof)));
        if (ReplyError(reply, ChatMessageType.Welcome) is { } proofError)
        {
            return proofError;
        }

        Assert.True(HandshakeCodec.TryReadWelcome(reply, out WelcomeMessage welcome));
        Assert.Equal(Scram.ServerSignature(serverKey, authMessage), welcome.ServerSignature);
        SessionId = welcome.SessionId;
        Keys = Scram.DeriveSessionKeys(clientKey, authMessage);
        _sequence = 0;
        return null;
    }

    /// <summary>Seals an authenticated datagram (next sequence number) without sending it.</summary>
    public byte[] Seal(ChatMessageType type, ReadOnlySpan<byte> body, ulong? sessionId = null, byte[]? key = null)
    {
        var datagram = new byte[ChatWire.MaxDatagram];
        body.CopyTo(SecureFrame.BodyArea(datagram));
        int length = SecureFrame.Seal(datagram, type, sessionId ?? SessionId, ++_sequence, body.Length, key ?? Keys!.ClientToServer);
        return datagram[..length];
    }

    public void SendSecure(ChatMessageType type, ReadOnlySpan<byte> body) => SendRaw(Seal(type, body));

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
        if (!ChatPrefix.TryRead(datagram, out ChatMessageType type) || (byte)type < (byte)ChatMessageType.Data)
        {
            return;
        }

        if (!SecureFrame.TryOpen(datagram, Keys!.ServerToClient, out _, out ReadOnlySpan<byte> body))
        {
            Unverifiable++;
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

    private static ChatErrorCode? ReplyError(byte[] reply, ChatMessageType expected)
    {
        Assert.True(ChatPrefix.TryRead(reply, out ChatMessageType type), "reply is not a chat datagram");
        if (type == ChatMessageType.Error)
        {
            Assert.True(HandshakeCodec.TryReadError(reply, out ErrorMessage error));
            return error.Code;
        }

        Assert.Equal(expected, type);
        return null;
    }
}
