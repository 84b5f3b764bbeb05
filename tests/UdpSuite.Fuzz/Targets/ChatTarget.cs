using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using UdpSuite.Fuzz.Support;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Hosting;

namespace UdpSuite.Fuzz.Targets;

/// <summary>
/// Chat datagrams, through the server's generic entry point <see cref="ChatHandler.Handle"/> (so message types added
/// later are covered without changing this target) and every client-side decoder. The first input byte picks a mode:
/// <list type="bullet">
/// <item>0: the rest is a raw datagram from an unauthenticated address (prefix, version, login, unknown sessions).</item>
/// <item>1: byte 1 picks a type 0x10-0x4F; the rest is a body sealed into the logged-in session of alice (valid MAC,
/// next sequence), so the relay's body decoders, reassembly and commits see it.</item>
/// <item>2: a DATA fragment whose message id (one of 8), index and count come from bytes 1-5 and whose chunk is the
/// rest: drives reassembly and envelope decoding toward commits and deliveries to bob.</item>
/// <item>3: the rest goes to every decoder a client runs on received bytes; what decodes must encode back to the same bytes.</item>
/// </list>
/// Properties: nothing throws; a reply to an unauthenticated datagram is at most 3x its size; every datagram the
/// server sends (replies and its own sends) is at most 1200 bytes and starts with the chat prefix; every authenticated
/// one opens with the recipient session's server-to-client key.
/// </summary>
internal sealed class ChatTarget : IFuzzTarget, IDisposable
{
    private const string Password = "fuzz-password";
    private readonly InMemoryChatStore _store = new();
    private readonly ChatCounters _counters = new();
    private readonly ChatHandler _handler;
    private readonly CheckingSender _sender = new();
    private readonly byte[] _reply = new byte[AmplificationLimit.MaxUdpPayload];
    private readonly byte[] _datagram = new byte[ChatWire.MaxDatagram];
    private readonly SocketAddress _stranger = new IPEndPoint(IPAddress.Parse("127.0.0.9"), 40009).Serialize();
    private readonly Peer _alice = new("alice", new IPEndPoint(IPAddress.Parse("127.0.0.1"), 40001).Serialize());
    private readonly Peer _bob = new("bob", new IPEndPoint(IPAddress.Parse("127.0.0.2"), 40002).Serialize());
    private Instant _now = Instant.FromUtc(2026, 11, 24, 12, 0);
    private long _inputs;

    public ChatTarget()
    {
        _handler = new ChatHandler(_store, new ChatRelayLimits(), _counters, new ServerName("fuzz"), NullLogger<ChatHandler>.Instance);
        _handler.AttachSender(_sender);
        foreach (Peer peer in new[] { _alice, _bob })
        {
            var register = new RegisterMessage(peer.User, Scram.CreateVerifier(Password, ScramVerifier.MinIterations));
            HandlerResult result = Handle(_datagram.AsSpan(0, HandshakeCodec.WriteRegister(_datagram, register)), peer.Address);
            Check.That(ChatPrefix.TryRead(_reply.AsSpan(0, result.ReplyLength), out ChatMessageType type) && type == ChatMessageType.Registered, "registration works");
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
                ClientDecoders.Run(rest);
                break;
        }
    }

    public IEnumerable<byte[]> Seeds()
    {
        var buffer = new byte[ChatWire.MaxDatagram];
        yield return [0, .. buffer.AsSpan(0, HandshakeCodec.WriteProbe(buffer))];
        yield return [0, .. buffer.AsSpan(0, HandshakeCodec.WriteHello(buffer, "alice", new byte[16]))];
        yield return [0, .. buffer.AsSpan(0, HandshakeCodec.WriteProof(buffer, new ProofMessage(new byte[16], new byte[16], new byte[32])))];
        yield return [0, (byte)'U', (byte)'C', 2, 1];
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
        _counters.Dispose();
        _store.Dispose();
    }

    private HandlerResult Handle(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        var context = new DatagramContext(from, _now);
        HandlerResult result = _handler.Handle(datagram, _reply, in context);
        if (!result.IsDrop && !result.IsNoReply)
        {
            Check.That(result.ReplyLength is >= ChatWire.PrefixLength and <= ChatWire.MaxDatagram, "a chat reply is 4..1200 bytes");
            Check.That(ChatPrefix.TryRead(_reply.AsSpan(0, result.ReplyLength), out _), "a chat reply starts with the v1 prefix");
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
        body.CopyTo(SecureFrame.BodyArea(_datagram));
        SessionKeys keys = peer.Keys!;
        int length = SecureFrame.Seal(_datagram, type, peer.SessionId, ++peer.Sequence, body.Length, keys.ClientToServer);
        HandlerResult result = Handle(_datagram.AsSpan(0, length), peer.Address);
        if (result.DropReason == ChatDropReasons.UnknownSession)
        {
            peer.Keys = null; // logged out (a fuzzed LOGOUT) or expired: log in again before the next input
        }

        if (!result.IsDrop && !result.IsNoReply)
        {
            Check.That(SecureFrame.TryOpen(_reply.AsSpan(0, result.ReplyLength), keys.ServerToClient, out _, out _), "a session reply opens with the session's key");
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
        if (peer.Keys is not null)
        {
            SendSealed(peer, ChatMessageType.Ping, []);
        }
    }

    private void EnsureLoggedIn(Peer peer)
    {
        if (peer.Keys is not null)
        {
            return;
        }

        byte[] clientNonce = RandomNumberGenerator.GetBytes(ChatWire.NonceLength);
        HandlerResult challengeReply = Handle(_datagram.AsSpan(0, HandshakeCodec.WriteHello(_datagram, peer.User, clientNonce)), peer.Address);
        Check.That(HandshakeCodec.TryReadChallenge(_reply.AsSpan(0, challengeReply.ReplyLength), out ChallengeMessage challenge), "HELLO gets a CHALLENGE");
        (byte[] clientKey, byte[] storedKey, _) = Scram.DeriveKeys(Password, challenge.Salt, challenge.Iterations);
        byte[] authMessage = Scram.AuthMessage(peer.User, challenge);
        var proof = new ProofMessage(challenge.ClientNonce, challenge.ServerNonce, Scram.ClientProof(clientKey, storedKey, authMessage));
        HandlerResult welcomeReply = Handle(_datagram.AsSpan(0, HandshakeCodec.WriteProof(_datagram, proof)), peer.Address);
        Check.That(HandshakeCodec.TryReadWelcome(_reply.AsSpan(0, welcomeReply.ReplyLength), out WelcomeMessage welcome), "PROOF gets a WELCOME");
        peer.SessionId = welcome.SessionId;
        peer.Keys = Scram.DeriveSessionKeys(clientKey, authMessage);
        peer.Sequence = 0;
    }

    private sealed class Peer(string user, SocketAddress address)
    {
        public string User { get; } = user;

        public SocketAddress Address { get; } = address;

        public ulong SessionId { get; set; }

        public SessionKeys? Keys { get; set; }

        public ulong Sequence { get; set; }
    }

    /// <summary>Checks what the relay sends on its own (deliveries, retransmissions, receipts).</summary>
    private sealed class CheckingSender : IDatagramSender
    {
        public Dictionary<string, Peer> Sessions { get; } = new(StringComparer.Ordinal);

        public bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress remote)
        {
            Check.That(datagram.Length <= ChatWire.MaxDatagram, "a relay datagram is at most 1200 bytes");
            Check.That(ChatPrefix.TryRead(datagram, out _), "a relay datagram starts with the v1 prefix");
            if (Sessions.TryGetValue(remote.ToString(), out Peer? peer) && peer.Keys is not null)
            {
                Check.That(SecureFrame.TryOpen(datagram, peer.Keys.ServerToClient, out _, out ReadOnlySpan<byte> body), "a relay datagram opens with its session's key");
                ClientDecoders.Run(body);
            }

            return true;
        }
    }
}
