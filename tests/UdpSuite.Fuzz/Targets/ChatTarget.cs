using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using UdpSuite.Fuzz.Support;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.PlainText;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Protocol.Security.Noise;
using UdpSuite.Protocol.Security.Passwords;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Hosting;
using UdpSuite.Server.Security;

namespace UdpSuite.Fuzz.Targets;

/// <summary>
/// Chat datagrams, through the server's generic entry point <see cref="ChatHandler.Handle"/> (so message types added
/// later are covered without changing this target) and every client-side decoder. The first input byte picks a mode:
/// <list type="bullet">
/// <item>0: the rest is a raw datagram from an unauthenticated address (prefix, version, login, unknown sessions).</item>
/// <item>1: byte 1 picks a type 0x10-0x4F; the rest is a body sealed into the logged-in session of alice (sealed with its
/// channel's key, next packet number), so the relay's body decoders, reassembly and commits see it.</item>
/// <item>2: a DATA fragment whose message id (one of 8), index and count come from bytes 1-5 and whose chunk is the
/// rest: drives reassembly and envelope decoding toward commits and deliveries to bob.</item>
/// <item>3: the rest goes to every decoder a client runs on received bytes; what decodes must encode back to the same bytes.</item>
/// </list>
/// Properties: nothing throws; a reply to an unauthenticated datagram is at most 3x its size; every datagram the
/// server sends (replies and its own sends) is at most 1200 bytes and starts with the chat prefix; every authenticated
/// one opens with the recipient session's channel.
/// </summary>
internal sealed class ChatTarget : IFuzzTarget, IDisposable
{
    private const string Password = "fuzz-password";
    private static readonly Argon2idParameters PasswordHash = new(8, 1, 1);
    private readonly ServerIdentity _identity;
    private readonly InMemoryChatStore _store = new();
    private readonly ChatCounters _counters = new();
    private readonly ChatHandler _handler;
    private readonly CheckingSender _sender = new();
    private readonly byte[] _reply = new byte[AmplificationLimit.MaxUdpPayload];
    private readonly byte[] _datagram = new byte[ChatWire.MaxDatagram];
    private readonly byte[] _opened = new byte[ChatWire.MaxDatagram];
    private readonly SocketAddress _stranger = new IPEndPoint(IPAddress.Parse("127.0.0.9"), 40009).Serialize();
    private readonly Peer _alice = new("alice", new IPEndPoint(IPAddress.Parse("127.0.0.1"), 40001).Serialize());
    private readonly Peer _bob = new("bob", new IPEndPoint(IPAddress.Parse("127.0.0.2"), 40002).Serialize());
    private Instant _now = Instant.FromUtc(2026, 11, 24, 12, 0);
    private long _inputs;

    public ChatTarget()
    {
        // The cheapest Argon2id libsodium computes: the fuzzer logs in again whenever a fuzzed LOGOUT ends a session.
        var limits = new ChatRelayLimits { PasswordHashMemoryKiB = PasswordHash.MemoryKiB, PasswordHashIterations = PasswordHash.Iterations };
        _identity = new ServerIdentity(NoiseKeyPair.Generate(), "(in memory)", created: true);
        _handler = new ChatHandler(_store, limits, _counters, new ServerName("fuzz"), _identity, new NodaTime.Testing.FakeClock(_now), NullLogger<ChatHandler>.Instance);
        _handler.AttachSender(_sender);
        foreach (Peer peer in new[] { _alice, _bob })
        {
            OpenChannel(peer);
            byte[] salt = RandomNumberGenerator.GetBytes(Argon2idParameters.SaltLength);
            var body = new byte[ChannelWire.MaxSealedBody];
            int length = LoginMessages.WriteRegister(body, new RegisterRequest(peer.User, LoginProof.CreateVerifier(Derive(salt, PasswordHash), salt, PasswordHash)));
            Check.That(Request(peer, ChannelMessageType.Register, body.AsSpan(0, length), out _) == (byte)ChannelMessageType.Registered, "registration works");
            _sender.Sessions[peer.Address.ToString()] = peer;
        }
    }

    public string Name => "chat";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (++_inputs % 32 == 0)
        {
            _now += Duration.FromMilliseconds(700);
            _handler.OnTick(_now);
            KeepAlive(_alice);
            KeepAlive(_bob);
        }

        EnsureLoggedIn(_alice);
        EnsureLoggedIn(_bob);
        int mode = input.IsEmpty ? 0 : input[0] & 3;
        ReadOnlySpan<byte> rest = input.IsEmpty ? input : input[1..];
        switch (mode)
        {
            case 0:
                CheckUnauthenticatedReply(rest, Handle(rest, _stranger));
                break;
            case 1:
                var type = (ChatMessageType)(0x10 + ((rest.IsEmpty ? 0 : rest[0]) % 0x40));
                SendSealed(_alice, type, rest.IsEmpty ? rest : rest[1..]);
                break;
            case 2:
                SendFragment(rest);
                break;
            default:
                ClientDecoders.Run(rest[..Math.Min(rest.Length, ChatWire.MaxDatagram)]); // a client never receives more
                break;
        }
    }

    public IEnumerable<byte[]> Seeds()
    {
        var buffer = new byte[ChatWire.MaxDatagram];
        yield return [0, .. buffer.AsSpan(0, ProbeDatagrams.WriteProbe(buffer))];
        // A fixed opening (the seed must be the same every run): handshake id 1, the X25519 base point as ephemeral key.
        byte[] ephemeral = [9, .. new byte[31]];
        yield return [0, .. buffer.AsSpan(0, HandshakeDatagrams.WriteInitiation(buffer, 1, ephemeral, []))];

        yield return [0, (byte)'U', (byte)'C', 1, 1];
        yield return [0, (byte)'U', (byte)'C', 2, 0x10, .. new byte[40]];
        byte[] envelope = EnvelopeCodec.EncodeSubmission(new SubmissionEnvelope("bob", "你好 bob, 狗哥alex says hi"));
        yield return [2, 0, 0, 0, 0, 1, .. envelope];
        yield return [2, 1, 0, 0, 0, 2, .. envelope.AsSpan(0, 5)];
        yield return [2, 1, 0, 1, 0, 2, .. envelope.AsSpan(5)];
        var body = new byte[64];
        int ack = SessionBodyCodec.WriteAck(body, new AckBody(Guid.Empty, 0));
        yield return [1, 0x11 - 0x10, .. body.AsSpan(0, ack)];
        int receipt = SessionBodyCodec.WriteReceipt(body, new ReceiptBody(Guid.Empty, DeliveryState.Read, 1, 0));
        yield return [1, 0x12 - 0x10, .. body.AsSpan(0, receipt)];
        yield return [1, 0x13 - 0x10];
        yield return [1, 0x20 - 0x10, 1, 2, 3];
        int reject = SessionBodyCodec.WriteReject(body, new RejectBody(Guid.Empty, ChatErrorCode.Malformed));
        yield return [3, .. body.AsSpan(0, reject)];
        yield return [3, .. EnvelopeCodec.EncodeDelivery(new DeliveryEnvelope(7, 6, 1_700_000_000_000, "alice", "bob", "一棵树"))];
    }

    public void Dispose()
    {
        _handler.Dispose();
        _identity.Dispose();
        _counters.Dispose();
        _store.Dispose();
    }

    private HandlerResult Handle(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        var context = new DatagramContext(from, _now);
        HandlerResult result = _handler.Handle(datagram, _reply, in context);
        if (!result.IsDrop && !result.IsNoReply)
        {
            if (ChannelPrefix.Classify(datagram, out _) == PrefixKind.NotChat)
            {
                // Plain text on the chat port gets the one-line hint (PlainTextResponder), nothing else does.
                Check.That(PlainTextHint.IsPlainText(datagram), "only plain text without the chat prefix is answered");
                Check.That(_reply.AsSpan(0, result.ReplyLength).StartsWith("UdpSuite chat"u8), "plain text gets the hint");
                return result;
            }

            Check.That(result.ReplyLength is >= ChatWire.PrefixLength and <= ChatWire.MaxDatagram, "a chat reply is 4..1200 bytes");
            Check.That(ChannelPrefix.Classify(_reply.AsSpan(0, result.ReplyLength), out _) != PrefixKind.NotChat, "a chat reply starts with the chat prefix");
        }

        return result;
    }

    private static void CheckUnauthenticatedReply(ReadOnlySpan<byte> request, HandlerResult result)
    {
        if (!result.IsDrop && !result.IsNoReply)
        {
            Check.That(AmplificationLimit.Allows(request.Length, result.ReplyLength), "an unauthenticated chat datagram gets at most 3x its size");
        }
    }

    private void SendSealed(Peer peer, ChatMessageType type, ReadOnlySpan<byte> body)
    {
        body = body[..Math.Min(body.Length, ChatWire.MaxSecureBody)];
        SealResult sealedResult = peer.Channel!.Seal((byte)type, body, Time, _datagram);
        HandlerResult result = Handle(_datagram.AsSpan(0, sealedResult.Length), peer.Address);
        if (result.DropReason == ChatDropReasons.UnknownSession)
        {
            peer.LoggedIn = false; // logged out (a fuzzed LOGOUT) or expired: log in again before the next input
        }

        if (!result.IsDrop && !result.IsNoReply)
        {
            Check.That(peer.Channel.Receive(_reply.AsSpan(0, result.ReplyLength), Time, _opened).Event == ClientEvent.Message, "a session reply opens with the session's key");
        }
    }

    private void SendFragment(ReadOnlySpan<byte> rest)
    {
        Span<byte> header = stackalloc byte[5];
        rest[..Math.Min(5, rest.Length)].CopyTo(header);
        ReadOnlySpan<byte> chunk = rest.Length > 5 ? rest[5..] : [];
        Span<byte> id = stackalloc byte[16];
        id[15] = (byte)(header[0] & 7);
        ushort index = (ushort)((header[1] << 8) | header[2]);
        ushort count = (ushort)((header[3] << 8) | header[4]);
        var body = new byte[ChatWire.MaxSecureBody];
        int length = SessionBodyCodec.WriteData(body, new Guid(id, bigEndian: true), index, count, chunk[..Math.Min(chunk.Length, ChatWire.MaxChunk)]);
        SendSealed(_alice, ChatMessageType.Data, body.AsSpan(0, length));
    }

    private void KeepAlive(Peer peer)
    {
        if (peer.LoggedIn)
        {
            SendSealed(peer, ChatMessageType.Ping, []);
        }
    }

    private TimeSpan Time => TimeSpan.FromTicks(_now.ToUnixTimeTicks());

    /// <summary>A fresh Noise handshake for <paramref name="peer"/>, in process.</summary>
    private void OpenChannel(Peer peer)
    {
        peer.Channel?.Dispose();
        peer.Channel = new ChannelClient();
        HandlerResult response = Handle(_datagram.AsSpan(0, peer.Channel.Start(Time, _datagram)), peer.Address);
        Check.That(!response.IsDrop && peer.Channel.Receive(_reply.AsSpan(0, response.ReplyLength), Time, _opened).Event == ClientEvent.ServerKeyPresented, "an opening gets a RESPONSE");
        peer.Channel.AcceptServerKey(Time);
    }

    /// <summary>Sends one sealed login-phase message and opens the answer; returns its inner type.</summary>
    private byte Request(Peer peer, ChannelMessageType type, ReadOnlySpan<byte> body, out byte[] answer)
    {
        SealResult sealedResult = peer.Channel!.Seal((byte)type, body, Time, _datagram);
        _sender.Await(peer.Address);
        HandlerResult result = Handle(_datagram.AsSpan(0, sealedResult.Length), peer.Address);
        // LOGIN_START and REGISTER are answered when their store work completes (on the store worker, through the sender).
        byte[]? later = _sender.Answer(result.IsReply ? TimeSpan.Zero : TimeSpan.FromSeconds(10)); // stops awaiting either way
        ClientReceiveResult opened = result.IsReply ? peer.Channel.Receive(_reply.AsSpan(0, result.ReplyLength), Time, _opened)
            : later is not null ? peer.Channel.Receive(later, Time, _opened) : default;
        Check.That(opened.Event == ClientEvent.Message, $"{type} gets a sealed answer");
        answer = _opened.AsSpan(1, opened.Length).ToArray();
        return opened.InnerType;
    }

    private static byte[] Derive(byte[] salt, Argon2idParameters parameters)
    {
        var secret = new byte[Argon2idParameters.OutputLength];
        Argon2idPasswordHash.Derive(Password, salt, parameters, secret);
        return secret;
    }

    private void EnsureLoggedIn(Peer peer)
    {
        if (peer.LoggedIn)
        {
            return;
        }

        OpenChannel(peer);
        var body = new byte[ChannelWire.MaxSealedBody];
        Check.That(Request(peer, ChannelMessageType.LoginStart, body.AsSpan(0, LoginMessages.WriteLoginStart(body, peer.User)), out byte[] answer) == (byte)ChannelMessageType.LoginParams, "LOGIN_START gets LOGIN_PARAMS");
        Check.That(LoginMessages.TryReadLoginParameters(answer, out LoginParameters? parameters), "LOGIN_PARAMS decodes");
        byte[] secret = Derive(parameters!.Salt, parameters.Parameters);
        var authMessage = new byte[LoginProof.MaxAuthMessageLength];
        int authLength = LoginProof.WriteAuthMessage(peer.User, parameters.Salt, parameters.Parameters, peer.Channel!.Session.HandshakeHash, authMessage);
        var proof = new byte[LoginProof.KeyLength];
        LoginProof.ComputeClientProof(secret, authMessage.AsSpan(0, authLength), proof);
        int length = LoginMessages.WriteLoginProof(body, new LoginProofMessage(peer.User, proof));
        Check.That(Request(peer, ChannelMessageType.LoginProof, body.AsSpan(0, length), out _) == (byte)ChannelMessageType.Welcome, "LOGIN_PROOF gets a WELCOME");
        peer.LoggedIn = true;
    }

    private sealed class Peer(string user, SocketAddress address)
    {
        public string User { get; } = user;

        public SocketAddress Address { get; } = address;

        public ChannelClient? Channel { get; set; }

        public bool LoggedIn { get; set; }
    }

    /// <summary>Checks what the relay sends on its own (deliveries, retransmissions, receipts).</summary>
    private sealed class CheckingSender : IDatagramSender
    {
        public Dictionary<string, Peer> Sessions { get; } = new(StringComparer.Ordinal);

        private readonly byte[] _opened = new byte[ChatWire.MaxDatagram];
        private readonly object _gate = new();
        private SocketAddress? _awaited;
        private byte[]? _answer;

        /// <summary>The next datagram to <paramref name="address"/> is a login-phase answer the target waits for.</summary>
        public void Await(SocketAddress address)
        {
            lock (_gate)
            {
                _awaited = address;
                _answer = null;
            }
        }

        /// <summary>The awaited answer, or null when none came within <paramref name="timeout"/>; stops awaiting.</summary>
        public byte[]? Answer(TimeSpan timeout)
        {
            lock (_gate)
            {
                long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
                while (_answer is null && Environment.TickCount64 < deadline)
                {
                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(50));
                }

                _awaited = null;
                return _answer;
            }
        }

        public bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress remote)
        {
            lock (_gate)
            {
                if (_awaited is not null && _answer is null && _awaited.Equals(remote))
                {
                    _answer = datagram.ToArray();
                    Monitor.PulseAll(_gate);
                    return true;
                }
            }

            Check.That(datagram.Length <= ChatWire.MaxDatagram, "a relay datagram is at most 1200 bytes");
            Check.That(ChannelPrefix.Classify(datagram, out _) == PrefixKind.Version2, "a relay datagram starts with the v2 prefix");
            if (Sessions.TryGetValue(remote.ToString(), out Peer? peer) && peer.LoggedIn && peer.Channel is { State: ChannelClientState.Established } channel)
            {
                ClientReceiveResult opened = channel.Receive(datagram, TimeSpan.MaxValue / 2, _opened);
                Check.That(opened.Event is ClientEvent.Message or ClientEvent.Send, "a relay datagram opens with its session's key");
                ClientDecoders.Run(_opened.AsSpan(1, opened.Length));
            }

            return true;
        }
    }
}
