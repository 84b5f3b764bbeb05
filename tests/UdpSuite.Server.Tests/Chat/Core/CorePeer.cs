using System.Net;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Server.Chat.Sessions;

namespace UdpSuite.Server.Tests.Chat.Core;

/// <summary>
/// An in-memory chat client of the relay core: a <see cref="ChannelClient"/> at an address of its own, the login of
/// <see cref="TestLogin"/>, and a client's duties (ACK every DATA fragment and RECEIPT, send RECEIPT(delivered) for
/// complete messages) unless told otherwise. Datagrams reach it only through <see cref="RelayCoreHarness"/>; it never
/// reads a clock (the harness's fake clock is its time). Not thread-safe.
/// </summary>
internal sealed class CorePeer : IDisposable
{
    private readonly RelayCoreHarness _harness;
    private readonly Reassembler _reassembler = new();
    private readonly HashSet<Guid> _seen = [];
    private readonly byte[] _buffer = new byte[ChannelWire.MaxDatagram];
    private ChannelClient _channel = new();

    public CorePeer(RelayCoreHarness harness, string user, string address)
    {
        _harness = harness;
        User = user;
        Address = new IPEndPoint(IPAddress.Parse(address), 40_000).Serialize();
    }

    public string User { get; }

    /// <summary>Where this peer sends from and receives at (a test may move it: a new address, same channel).</summary>
    public System.Net.SocketAddress Address { get; set; }

    /// <summary>When false, DATA fragments are neither acknowledged nor confirmed (the server must retransmit).</summary>
    public bool Acknowledges { get; set; } = true;

    /// <summary>The device tail of this peer's LOGIN_PROOF (null: none, as clients from before sessions).</summary>
    public LoginDevice? Device { get; set; }

    /// <summary>Every READ_SYNC received (each is acknowledged).</summary>
    public List<ReadSyncBody> ReadSyncs { get; } = [];

    /// <summary>Login-phase ERRORs received (their codes).</summary>
    public List<ChatErrorCode> LoginErrors { get; } = [];

    /// <summary>Every session message received, in order (retransmissions included).</summary>
    public List<(ChatMessageType Type, byte[] Body)> Received { get; } = [];

    public List<DeliveryEnvelope> Deliveries { get; } = [];

    public List<ReceiptBody> Receipts { get; } = [];

    /// <summary>The ACKs received for <paramref name="messageId"/> (retransmissions included).</summary>
    public int AcksOf(Guid messageId) => Received.Count(r => r.Type == ChatMessageType.Ack
        && SessionBodyCodec.TryReadAck(r.Body, out AckBody ack) && ack.MessageId == messageId);

    /// <summary>Every REJECT received, in order.</summary>
    public List<RejectBody> Rejects => [.. Received.Where(r => r.Type == ChatMessageType.Reject)
        .Select(r => SessionBodyCodec.TryReadReject(r.Body, out RejectBody reject) ? reject : throw new InvalidDataException("bad REJECT"))];

    /// <summary>Login-phase answers (inner type below DATA) not yet taken by the login steps.</summary>
    private Queue<(byte Type, byte[] Body)> LoginAnswers { get; } = new();

    private TimeSpan Now => ChannelTime.Of(_harness.Clock.GetCurrentInstant());

    /// <summary>Runs a fresh handshake with the core and accepts its key.</summary>
    public void OpenChannel()
    {
        _channel.Dispose();
        _channel = new ChannelClient();
        _harness.Send(this, _buffer.AsSpan(0, _channel.Start(Now, _buffer)));
        Assert.Equal(ChannelClientState.Established, _channel.State);
    }

    /// <summary>Registers (a fresh channel) and logs in (another fresh channel); the WELCOME's server signature is checked.</summary>
    public void RegisterAndLogIn(string password)
    {
        OpenChannel();
        Assert.Equal((byte)ChannelMessageType.Registered, Ask(ChannelMessageType.Register, TestLogin.RegisterBody(User, password)).Type);
        LogIn(password);
    }

    public void LogIn(string password)
    {
        OpenChannel();
        (byte type, byte[] parameters) = Ask(ChannelMessageType.LoginStart, TestLogin.LoginStartBody(User));
        Prove(password, type, parameters);
    }

    /// <summary>Sends (or resends) LOGIN_START on the open channel without waiting for its answer.</summary>
    public void SendLoginStart() => Send((byte)ChannelMessageType.LoginStart, TestLogin.LoginStartBody(User));

    /// <summary>Login-phase answers received and not taken yet (inner types).</summary>
    public IEnumerable<byte> LoginAnswerTypes => LoginAnswers.Select(a => a.Type);

    /// <summary>Takes the LOGIN_PARAMS received for an earlier <see cref="SendLoginStart"/> and completes the login with it.</summary>
    public void FinishLogIn(string password)
    {
        Assert.True(LoginAnswers.TryDequeue(out (byte Type, byte[] Body) answer), "no LOGIN_PARAMS");
        Prove(password, answer.Type, answer.Body);
    }

    /// <summary>Takes the oldest login-phase answer, which must be of <paramref name="type"/>; returns its body.</summary>
    public byte[] TakeLoginAnswer(ChannelMessageType type)
    {
        Assert.True(LoginAnswers.TryDequeue(out (byte Type, byte[] Body) answer), $"no {type}");
        Assert.Equal((byte)type, answer.Type);
        return answer.Body;
    }

    /// <summary>Sends GROUP_REQUEST <paramref name="request"/> (again, for a client's retransmission).</summary>
    public void SendGroupRequest(GroupRequestBody request)
    {
        var body = new byte[ChatWire.MaxSecureBody];
        Send(ChatMessageType.GroupRequest, body.AsSpan(0, GroupBodyCodec.WriteRequest(body, request)));
    }

    /// <summary>Every GROUP_RESULT received, in order.</summary>
    public List<GroupResultBody> GroupResults => [.. Received.Where(r => r.Type == ChatMessageType.GroupResult)
        .Select(r => GroupBodyCodec.TryReadResult(r.Body, out GroupResultBody result) ? result : throw new InvalidDataException("bad GROUP_RESULT"))];

    /// <summary>Every REPLY received (its header), in order.</summary>
    public List<ReplyHeader> Replies => [.. Received.Where(r => r.Type == ChatMessageType.Reply)
        .Select(r => PresenceCodec.TryReadReplyHeader(r.Body, out ReplyHeader reply) ? reply : throw new InvalidDataException("bad REPLY"))];

    /// <summary>Every PRESENCE push received, in order (retransmissions included).</summary>
    public List<PresenceBody> Pushes => [.. Received.Where(r => r.Type == ChatMessageType.Presence)
        .Select(r => PresenceCodec.TryReadPresence(r.Body, out PresenceBody push) ? push : throw new InvalidDataException("bad PRESENCE"))];

    private void Prove(string password, byte type, byte[] parameters)
    {
        Assert.Equal((byte)ChannelMessageType.LoginParams, type);
        TestLogin.Proof proof = TestLogin.Prove(User, password, parameters, _channel.Session.HandshakeHash, Device);
        (type, byte[] welcome) = Ask(ChannelMessageType.LoginProof, proof.Body);
        if (type == (byte)ChannelMessageType.Error && LoginMessages.TryReadError(welcome, out ChannelError? error))
        {
            LoginErrors.Add(error!.Code);
            return;
        }

        Assert.Equal((byte)ChannelMessageType.Welcome, type);
        Assert.True(proof.Verifies(welcome));
    }

    /// <summary>Seals and sends one session message.</summary>
    public void Send(ChatMessageType type, ReadOnlySpan<byte> body) => Send((byte)type, body);

    public void Ping() => Send(ChatMessageType.Ping, []);

    /// <summary>Sends RECEIPT(read) for a delivery this peer got (its log sequence).</summary>
    public void Read(Guid messageId, ulong sequence)
    {
        var body = new byte[64];
        Send(ChatMessageType.Receipt, body.AsSpan(0, SessionBodyCodec.WriteReceipt(body, new ReceiptBody(messageId, DeliveryState.Read, sequence, 0))));
    }

    /// <summary>Ids of the deliveries received, in order (DATA only), paired with their envelopes.</summary>
    public List<Guid> DeliveryIds { get; } = [];

    /// <summary>
    /// Sends the single-fragment submission of <paramref name="text"/> to <paramref name="to"/> under <paramref name="resend"/>'s
    /// id (a client's resend) or a new one; returns its id.
    /// </summary>
    public Guid SendMessage(string to, string text, Guid? resend = null)
    {
        byte[] envelope = EnvelopeCodec.EncodeSubmission(new SubmissionEnvelope(to, text));
        Assert.Equal(1, EnvelopeCodec.FragmentCount(envelope.Length));
        Guid id = resend ?? Guid.NewGuid();
        var body = new byte[ChatWire.MaxSecureBody];
        Send(ChatMessageType.Data, body.AsSpan(0, SessionBodyCodec.WriteData(body, id, 0, 1, envelope)));
        return id;
    }

    /// <summary>Takes a datagram the core sent to this peer's address (called by the harness).</summary>
    public void Take(ReadOnlySpan<byte> datagram)
    {
        ClientReceiveResult result = _channel.Receive(datagram, Now, _buffer);
        switch (result.Event)
        {
            case ClientEvent.Send:
                _harness.Send(this, _buffer.AsSpan(0, result.Length)); // a PATH_RESPONSE, from where the challenge arrived
                break;
            case ClientEvent.ServerKeyPresented:
                _channel.AcceptServerKey(Now);
                break;
            case ClientEvent.Message when result.InnerType < (byte)ChatMessageType.Data:
                LoginAnswers.Enqueue((result.InnerType, _buffer.AsSpan(1, result.Length).ToArray()));
                break;
            case ClientEvent.Message:
                OnMessage((ChatMessageType)result.InnerType, _buffer.AsSpan(1, result.Length).ToArray());
                break;
        }
    }

    public void Dispose() => _channel.Dispose();

    private void Send(byte innerType, ReadOnlySpan<byte> body)
    {
        var datagram = new byte[ChannelWire.MaxDatagram];
        SealResult sealedResult = _channel.Seal(innerType, body, Now, datagram);
        Assert.True(sealedResult.IsSealed);
        _harness.Send(this, datagram.AsSpan(0, sealedResult.Length));
    }

    private (byte Type, byte[] Body) Ask(ChannelMessageType type, byte[] body)
    {
        Send((byte)type, body);
        Assert.True(LoginAnswers.TryDequeue(out (byte Type, byte[] Body) answer), $"no answer to {type}");
        return answer;
    }

    private void OnMessage(ChatMessageType type, byte[] body)
    {
        Received.Add((type, body));
        var reply = new byte[64];
        switch (type)
        {
            case ChatMessageType.Data when Acknowledges:
                Assert.True(SessionBodyCodec.TryReadData(body, out DataFragment fragment));
                var id = new Guid(fragment.MessageId, bigEndian: true);
                Send(ChatMessageType.Ack, reply.AsSpan(0, SessionBodyCodec.WriteAck(reply, new AckBody(id, fragment.Index))));
                if (_reassembler.Add(id, fragment.Index, fragment.Count, fragment.Chunk) is { } envelope && _seen.Add(id))
                {
                    Assert.True(EnvelopeCodec.TryDecodeDelivery(envelope, out DeliveryEnvelope delivery));
                    Deliveries.Add(delivery);
                    DeliveryIds.Add(id);
                    Send(ChatMessageType.Receipt, reply.AsSpan(0, SessionBodyCodec.WriteReceipt(reply, new ReceiptBody(id, DeliveryState.Delivered, delivery.ServerSequence, 0))));
                }

                break;
            case ChatMessageType.Presence:
                Assert.True(PresenceCodec.TryReadPresence(body, out PresenceBody presence));
                var presenceAck = new byte[128];
                Send(ChatMessageType.PresenceAck, presenceAck.AsSpan(0, PresenceCodec.WritePresenceAck(presenceAck, new PresenceAckBody(presence.User, presence.Version))));
                break;
            case ChatMessageType.ReadSync:
                Assert.True(SessionsCodec.TryReadReadSync(body, out ReadSyncBody sync));
                ReadSyncs.Add(sync);
                Send(ChatMessageType.Ack, reply.AsSpan(0, SessionBodyCodec.WriteAck(reply, new AckBody(sync.MessageId, SessionsCodec.ReadSyncAckIndex))));
                break;
            case ChatMessageType.Receipt:
                Assert.True(SessionBodyCodec.TryReadReceipt(body, out ReceiptBody receipt));
                Receipts.Add(receipt);
                Send(ChatMessageType.Ack, reply.AsSpan(0, SessionBodyCodec.WriteAck(reply, new AckBody(receipt.MessageId, SessionBodyCodec.ReceiptAckIndex(receipt.State)))));
                break;
        }
    }
}
