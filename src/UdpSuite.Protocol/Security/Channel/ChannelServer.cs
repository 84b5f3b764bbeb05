using System.Net;
using System.Security.Cryptography;
using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Protocol.Security.Channel;

/// <summary>Options of <see cref="ChannelServer"/>.</summary>
public sealed class ChannelServerOptions
{
    public HandshakeLoadOptions Load { get; init; } = new();

    /// <summary>A session without a completed login is dropped after this long.</summary>
    public TimeSpan PendingLoginTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Cookie secret rotation period.</summary>
    public TimeSpan CookieRotation { get; init; } = AddressCookies.DefaultRotation;

    public TransportRekeyPolicy RekeyPolicy { get; init; } = TransportRekeyPolicy.Default;
}

/// <summary>What a received datagram did to a <see cref="ChannelServer"/>.</summary>
public enum ServerEvent
{
    /// <summary>Nothing; <see cref="ServerReceiveResult.Drop"/> says why (counted, never answered).</summary>
    Dropped,

    /// <summary>
    /// Send the <see cref="ServerReceiveResult.Length"/> bytes in the output buffer back to the source. A RESPONSE that
    /// opened a new session names it in <see cref="ServerReceiveResult.SessionId"/> (0 for other replies).
    /// </summary>
    Reply,

    /// <summary>
    /// A sealed message of session <see cref="ServerReceiveResult.SessionId"/>: inner type at output[0], body at
    /// output[1..1+Length]. When <see cref="ServerReceiveResult.PathChallengeDue"/>, it came from an unvalidated
    /// address: call <see cref="ChannelServer.TryWritePathChallenge"/>.
    /// </summary>
    Message,

    /// <summary>A PATH_RESPONSE moved session <see cref="ServerReceiveResult.SessionId"/> to the source address.</summary>
    PathValidated,
}

public readonly record struct ServerReceiveResult(ServerEvent Event, int Length, ulong SessionId, byte InnerType, bool PathChallengeDue, ChannelDropReason Drop)
{
    public static ServerReceiveResult Dropped(ChannelDropReason reason) => new(ServerEvent.Dropped, 0, 0, 0, false, reason);
}

/// <summary>
/// The server side of v2 channels as a pure state machine (no socket, no clock: time comes in): answers
/// INITIATIONs (through <see cref="HandshakeLoadGate"/> and <see cref="AddressCookies"/>: a cookie reply under load,
/// no DH and no state for unvalidated openings), keeps sessions by id, opens their TRANSPORT datagrams, validates
/// address changes (<see cref="PathValidator"/>) and answers other protocol versions with ERROR UnsupportedVersion.
/// A retransmitted INITIATION (same handshake id and key) gets the same RESPONSE again without new DH; an opening
/// with another key (a tampered copy) is a separate handshake, so a forged copy cannot block the genuine one.
/// New sessions are pending (counted by the gate) until <see cref="CompleteLogin"/>, and expire after
/// <see cref="ChannelServerOptions.PendingLoginTimeout"/>. Not thread-safe: the relay core drives it from one thread.
/// </summary>
public sealed class ChannelServer : IDisposable
{
    private readonly NoiseKeyPair _staticKey;
    private readonly string _serverName;
    private readonly ChannelServerOptions _options;
    private readonly HandshakeLoadGate _gate;
    private readonly AddressCookies _cookies;
    private readonly Dictionary<ulong, ServerSession> _sessions = [];
    private readonly Dictionary<OpeningKey, ulong> _pendingByOpening = [];

    /// <summary>A server with static key <paramref name="staticKey"/> (the caller keeps owning it).</summary>
    public ChannelServer(NoiseKeyPair staticKey, string serverName, ChannelServerOptions options, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(staticKey);
        ArgumentNullException.ThrowIfNull(options);
        HandshakeDatagrams.WriteResponsePayload(stackalloc byte[ChannelWire.MaxResponsePayload], 0, serverName);
        _staticKey = staticKey;
        _serverName = serverName;
        _options = options;
        _gate = new HandshakeLoadGate(options.Load);
        _cookies = new AddressCookies(now, options.CookieRotation);
    }

    /// <summary>Live sessions, pending ones included.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>Sessions whose login has not completed.</summary>
    public int PendingCount => _gate.Pending;

    /// <summary>
    /// Takes one datagram from <paramref name="source"/>. <paramref name="output"/> (at least
    /// <see cref="ChannelWire.MaxDatagram"/> bytes, not overlapping <paramref name="datagram"/>) receives the reply
    /// or the opened message.
    /// </summary>
    public ServerReceiveResult Receive(ReadOnlySpan<byte> datagram, IPEndPoint source, TimeSpan now, Span<byte> output)
    {
        ArgumentNullException.ThrowIfNull(source);
        switch (ChannelPrefix.Classify(datagram, out ChannelDatagramType type))
        {
            case PrefixKind.OtherVersion:
                int length = UnsupportedVersionReply.Write(datagram, output);
                return length > 0 ? new ServerReceiveResult(ServerEvent.Reply, length, 0, 0, false, ChannelDropReason.None) : ServerReceiveResult.Dropped(ChannelDropReason.Malformed);
            case PrefixKind.Version2 when type == ChannelDatagramType.Initiation:
                return TakeInitiation(datagram, source, now, output);
            case PrefixKind.Version2 when type == ChannelDatagramType.Transport:
                return TakeTransport(datagram, source, now, output);
            case PrefixKind.Version2 when type == ChannelDatagramType.Probe:
                return ProbeDatagrams.IsProbe(datagram)
                    ? new ServerReceiveResult(ServerEvent.Reply, ProbeDatagrams.WriteProbeReply(output, _staticKey.PublicKey, _serverName), 0, 0, false, ChannelDropReason.None)
                    : ServerReceiveResult.Dropped(ChannelDropReason.Malformed);
            case PrefixKind.Version2:
                return ServerReceiveResult.Dropped(ChannelDropReason.Unexpected);
            default:
                return ServerReceiveResult.Dropped(ChannelDropReason.Malformed);
        }
    }

    /// <summary>Whether session <paramref name="sessionId"/> exists (pending or logged in).</summary>
    public bool Contains(ulong sessionId) => _sessions.ContainsKey(sessionId);

    /// <summary>Whether session <paramref name="sessionId"/> exists and its login has not completed.</summary>
    public bool IsPending(ulong sessionId) => _sessions.TryGetValue(sessionId, out ServerSession? session) && session.Pending;

    /// <summary>The sealing state of session <paramref name="sessionId"/>: keys, packet numbers, handshake hash.</summary>
    public SealedSession Channel(ulong sessionId) => Get(sessionId).Sealed;

    /// <summary>Whether session <paramref name="sessionId"/> has a candidate address with challenges still to send.</summary>
    public bool HasPathCandidate(ulong sessionId) => _sessions.TryGetValue(sessionId, out ServerSession? session) && session.Path.ChallengePending;

    /// <summary>The session's validated address: where everything for it is sent.</summary>
    public IPEndPoint ValidatedPath(ulong sessionId) => Get(sessionId).Path.ValidatedPath;

    /// <summary>
    /// The channel did useful work without logging in (it registered an account): it stops counting against its address's
    /// and the total cap of pending handshakes, so a user registering several accounts is not locked out, but it still
    /// expires like any pending channel unless a login completes on it.
    /// </summary>
    public void ReleaseFromLoadGate(ulong sessionId)
    {
        ServerSession session = Get(sessionId);
        if (session.Pending && session.Gated)
        {
            session.Gated = false;
            _gate.PendingEnded(session.GateAddress);
        }
    }

    /// <summary>The session's login succeeded: it is no longer pending (nor counted against its address).</summary>
    public void CompleteLogin(ulong sessionId)
    {
        ServerSession session = Get(sessionId);
        if (session.Pending)
        {
            EndPending(session);
        }
    }

    /// <summary>Seals a message of session <paramref name="sessionId"/>; it goes to <paramref name="destination"/>, the validated path.</summary>
    public SealResult Seal(ulong sessionId, byte innerType, ReadOnlySpan<byte> body, TimeSpan now, Span<byte> datagram, out IPEndPoint destination)
    {
        ServerSession session = Get(sessionId);
        destination = session.Path.ValidatedPath;
        return session.Sealed.Seal(innerType, body, now, datagram);
    }

    /// <summary>
    /// Writes a PATH_CHALLENGE for the session's candidate address when the path validator allows one now (count,
    /// interval, 3x budget). Call after a message with <see cref="ServerReceiveResult.PathChallengeDue"/> and on timer ticks.
    /// </summary>
    public bool TryWritePathChallenge(ulong sessionId, TimeSpan now, Span<byte> datagram, out int length, out IPEndPoint? destination)
    {
        ServerSession session = Get(sessionId);
        length = 0;
        destination = session.Path.Candidate;
        Span<byte> challenge = stackalloc byte[PathValidator.ChallengeLength];
        const int ChallengeDatagram = ChannelWire.TransportOverhead + PathValidator.ChallengeLength;
        if (destination is null || !session.Path.TryStartChallenge(now, ChallengeDatagram, challenge))
        {
            return false;
        }

        SealResult sealedResult = session.Sealed.Seal((byte)ChannelMessageType.PathChallenge, challenge, now, datagram);
        length = sealedResult.Length;
        return sealedResult.IsSealed;
    }

    /// <summary>Drops sessions whose login did not complete in time; returns how many.</summary>
    public int ExpirePending(TimeSpan now)
    {
        List<ServerSession>? expired = null;
        foreach (ServerSession session in _sessions.Values)
        {
            if (session.Pending && now - session.CreatedAt >= _options.PendingLoginTimeout)
            {
                (expired ??= []).Add(session);
            }
        }

        foreach (ServerSession session in expired ?? [])
        {
            Close(session.Sealed.SessionId);
        }

        return expired?.Count ?? 0;
    }

    /// <summary>Ends a session (logout, failed login, exhausted key).</summary>
    public void Close(ulong sessionId)
    {
        if (_sessions.Remove(sessionId, out ServerSession? session))
        {
            if (session.Pending)
            {
                EndPending(session);
            }

            session.Sealed.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (ulong id in _sessions.Keys.ToArray())
        {
            Close(id);
        }

        _cookies.Dispose();
    }

    private ServerReceiveResult TakeInitiation(ReadOnlySpan<byte> datagram, IPEndPoint source, TimeSpan now, Span<byte> output)
    {
        if (!HandshakeDatagrams.TryReadInitiation(datagram, out Initiation initiation))
        {
            return ServerReceiveResult.Dropped(ChannelDropReason.Malformed);
        }

        // A retransmission of an opening already answered: the same RESPONSE, no new DH, no new state.
        var key = new OpeningKey(initiation.HandshakeId, initiation.NoiseMessage);
        if (_pendingByOpening.TryGetValue(key, out ulong existing) && _sessions.TryGetValue(existing, out ServerSession? answered))
        {
            answered.Response.CopyTo(output);
            return new ServerReceiveResult(ServerEvent.Reply, answered.Response.Length, 0, 0, false, ChannelDropReason.None);
        }

        CookieCheck cookie = initiation.Cookie.IsEmpty ? CookieCheck.None
            : _cookies.IsValid(source, initiation.HandshakeId, initiation.NoiseMessage, initiation.Cookie, now) ? CookieCheck.Valid : CookieCheck.Invalid;
        switch (_gate.Decide(source.Address, cookie, now))
        {
            case HandshakeAdmission.SendCookie:
                Span<byte> fresh = stackalloc byte[ChannelWire.CookieLength];
                _cookies.Mint(source, initiation.HandshakeId, initiation.NoiseMessage, now, fresh);
                int length = HandshakeDatagrams.WriteCookieReply(output, initiation.HandshakeId, fresh);
                return new ServerReceiveResult(ServerEvent.Reply, length, 0, 0, false, ChannelDropReason.None);
            case HandshakeAdmission.Admit:
                return Respond(initiation, key, source, now, output);
            default:
                return ServerReceiveResult.Dropped(ChannelDropReason.Refused);
        }
    }

    private ServerReceiveResult Respond(Initiation initiation, OpeningKey key, IPEndPoint source, TimeSpan now, Span<byte> output)
    {
        Span<byte> prologue = stackalloc byte[ChannelWire.PrologueLength];
        ChannelWire.WritePrologue(initiation.HandshakeId, prologue);
        using var handshake = new HandshakeState(HandshakePattern.NX, HandshakeRole.Responder, prologue, _staticKey);
        Span<byte> unused = stackalloc byte[1];
        if (!handshake.TryReadMessage(initiation.NoiseMessage, unused, out _))
        {
            return ServerReceiveResult.Dropped(ChannelDropReason.Authentication);
        }

        ulong sessionId = NewSessionId();
        Span<byte> payload = stackalloc byte[ChannelWire.MaxResponsePayload];
        int payloadLength = HandshakeDatagrams.WriteResponsePayload(payload, sessionId, _serverName);
        HandshakeDatagrams.WriteResponseHeader(output, initiation.HandshakeId);
        if (!handshake.TryWriteMessage(payload[..payloadLength], output[HandshakeDatagrams.ResponseNoiseOffset..], out int noiseLength))
        {
            // A low-order client key makes the DH degenerate: refuse as Noise requires (§12.1).
            return ServerReceiveResult.Dropped(ChannelDropReason.Authentication);
        }

        int length = HandshakeDatagrams.ResponseNoiseOffset + noiseLength;
        var session = new ServerSession(new SealedSession(handshake.Split(), sessionId, now, _options.RekeyPolicy), new PathValidator(source), key, output[..length].ToArray(), now);
        _sessions.Add(sessionId, session);
        _pendingByOpening.Add(key, sessionId);
        _gate.PendingStarted(source.Address);
        return new ServerReceiveResult(ServerEvent.Reply, length, sessionId, 0, false, ChannelDropReason.None);
    }

    private ServerReceiveResult TakeTransport(ReadOnlySpan<byte> datagram, IPEndPoint source, TimeSpan now, Span<byte> output)
    {
        if (!TransportHeader.TryPeekSessionId(datagram, out ulong sessionId))
        {
            return ServerReceiveResult.Dropped(ChannelDropReason.Malformed);
        }

        if (!_sessions.TryGetValue(sessionId, out ServerSession? session))
        {
            return ServerReceiveResult.Dropped(ChannelDropReason.UnknownSession);
        }

        Span<byte> plaintext = stackalloc byte[ChannelWire.MaxDatagram];
        OpenResult opened = session.Sealed.Open(datagram, now, plaintext);
        if (!opened.IsOpened)
        {
            return ServerReceiveResult.Dropped(opened.Drop);
        }

        // Authenticated, so its content is the client's; its source address is not trusted until validated.
        PathObservation observation = session.Path.Observe(source, datagram.Length);
        ReadOnlySpan<byte> body = plaintext.Slice(1, opened.BodyLength);
        if (opened.InnerType == (byte)ChannelMessageType.PathResponse)
        {
            return session.Path.TryValidate(source, body)
                ? new ServerReceiveResult(ServerEvent.PathValidated, 0, sessionId, opened.InnerType, false, ChannelDropReason.None)
                : ServerReceiveResult.Dropped(ChannelDropReason.Unexpected);
        }

        plaintext[..(1 + opened.BodyLength)].CopyTo(output);
        return new ServerReceiveResult(ServerEvent.Message, opened.BodyLength, sessionId, opened.InnerType, observation != PathObservation.Validated, ChannelDropReason.None);
    }

    private void EndPending(ServerSession session)
    {
        session.Pending = false;
        _pendingByOpening.Remove(session.Opening);
        if (session.Gated)
        {
            session.Gated = false;
            _gate.PendingEnded(session.GateAddress);
        }
    }

    private ulong NewSessionId()
    {
        Span<byte> bytes = stackalloc byte[8];
        ulong id;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            id = BitConverter.ToUInt64(bytes);
        }
        while (id == 0 || _sessions.ContainsKey(id));

        return id;
    }

    private ServerSession Get(ulong sessionId) =>
        _sessions.TryGetValue(sessionId, out ServerSession? session) ? session : throw new InvalidOperationException($"No session {sessionId:x16}.");

    /// <summary>An opening's identity: handshake id and the client's ephemeral key.</summary>
    private readonly record struct OpeningKey(ulong HandshakeId, UInt128 KeyHigh, UInt128 KeyLow)
    {
        public OpeningKey(ulong handshakeId, ReadOnlySpan<byte> ephemeral)
            : this(handshakeId, BitConverter.ToUInt128(ephemeral[..16]), BitConverter.ToUInt128(ephemeral[16..32]))
        {
        }
    }

    private sealed class ServerSession(SealedSession sealedSession, PathValidator path, OpeningKey opening, byte[] response, TimeSpan createdAt)
    {
        public SealedSession Sealed { get; } = sealedSession;

        public PathValidator Path { get; } = path;

        public OpeningKey Opening { get; } = opening;

        public byte[] Response { get; } = response;

        public TimeSpan CreatedAt { get; } = createdAt;

        /// <summary>The address the gate counted this pending handshake under (the opening's source).</summary>
        public IPAddress GateAddress { get; } = path.ValidatedPath.Address;

        public bool Pending { get; set; } = true;

        /// <summary>Whether this pending session still counts in the load gate (see <see cref="ReleaseFromLoadGate"/>).</summary>
        public bool Gated { get; set; } = true;
    }
}
