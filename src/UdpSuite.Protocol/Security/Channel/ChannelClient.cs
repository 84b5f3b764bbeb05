using System.Security.Cryptography;
using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Protocol.Security.Channel;

/// <summary>Where a <see cref="ChannelClient"/> is.</summary>
public enum ChannelClientState
{
    /// <summary>Created; <see cref="ChannelClient.Start"/> writes the INITIATION.</summary>
    Idle,

    /// <summary>INITIATION sent (retransmitted on the timer) until a RESPONSE opens.</summary>
    AwaitingResponse,

    /// <summary>The server proved its static key; the caller checks it against the pin, then accepts or refuses it.</summary>
    ServerKeyPresented,

    /// <summary>The key was accepted: datagrams can be sealed (the login first).</summary>
    Established,

    /// <summary>The key did not match the pin: nothing more is sent.</summary>
    Refused,

    /// <summary>No RESPONSE within <see cref="ChannelClient.HandshakeTimeout"/>.</summary>
    TimedOut,
}

/// <summary>What a received datagram did to a <see cref="ChannelClient"/>.</summary>
public enum ClientEvent
{
    /// <summary>Nothing: the datagram was dropped (<see cref="ClientReceiveResult.Drop"/> says why).</summary>
    Dropped,

    /// <summary>Send the <see cref="ClientReceiveResult.Length"/> bytes now in the output buffer to the server.</summary>
    Send,

    /// <summary>The handshake completed: check <see cref="ChannelClient.ServerStaticKey"/> against the pin.</summary>
    ServerKeyPresented,

    /// <summary>A sealed message: inner type at output[0], body at output[1..1+Length].</summary>
    Message,
}

public readonly record struct ClientReceiveResult(ClientEvent Event, int Length, byte InnerType, ChannelDropReason Drop)
{
    public static ClientReceiveResult Dropped(ChannelDropReason reason) => new(ClientEvent.Dropped, 0, 0, reason);
}

/// <summary>What <see cref="ChannelClient.OnTimer"/> asks for.</summary>
public enum ClientTimerAction
{
    None,

    /// <summary>Resend the INITIATION now in the output buffer.</summary>
    Retransmit,

    /// <summary>The handshake gave up.</summary>
    TimedOut,
}

/// <summary>
/// The client side of a v2 channel as a pure state machine: bytes and time in, bytes and events out. It runs the NX
/// handshake (INITIATION of 1200 bytes, retransmitted after 0.5, 1, 2 and 4 s and abandoned after 10 s; a
/// COOKIE_REPLY for this attempt makes it resend the same opening with the cookie, at most
/// <see cref="MaxCookies"/> distinct cookies), then stops at <see cref="ChannelClientState.ServerKeyPresented"/>:
/// nothing can be sealed until the caller has compared <see cref="ServerStaticKey"/> with its pin and called
/// <see cref="AcceptServerKey"/>. Corrupted, forged, replayed or foreign datagrams are drops at every stage; the
/// genuine datagram still completes the handshake. A PATH_CHALLENGE is answered with a PATH_RESPONSE. Not thread-safe.
/// </summary>
public sealed class ChannelClient : IDisposable
{
    /// <summary>Distinct cookies accepted per handshake attempt (a tampered cookie reply cannot stall the handshake).</summary>
    public const int MaxCookies = 3;

    /// <summary>When the handshake gives up.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan[] RetransmitDelays = [TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    private readonly TransportRekeyPolicy? _policy;
    private readonly byte[] _initiation = new byte[ChannelWire.InitiationLength];
    private readonly byte[] _ephemeral = new byte[NoiseConstants.DhLength];
    private readonly byte[] _cookie = new byte[ChannelWire.CookieLength];
    private readonly byte[] _serverKey = new byte[NoiseConstants.DhLength];
    private HandshakeState? _handshake;
    private NoiseTransport? _transport;
    private SealedSession? _session;
    private int _cookies;
    private int _retransmits;
    private TimeSpan _startedAt;
    private TimeSpan _nextRetransmitAt;

    public ChannelClient(TransportRekeyPolicy? policy = null)
    {
        _policy = policy;
        HandshakeId = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        Span<byte> prologue = stackalloc byte[ChannelWire.PrologueLength];
        ChannelWire.WritePrologue(HandshakeId, prologue);
        _handshake = new HandshakeState(HandshakePattern.NX, HandshakeRole.Initiator, prologue);
    }

    public ChannelClientState State { get; private set; }

    /// <summary>This attempt's random handshake id (in clear on the handshake datagrams).</summary>
    public ulong HandshakeId { get; }

    /// <summary>The server's static public key, from <see cref="ChannelClientState.ServerKeyPresented"/> on.</summary>
    public ReadOnlySpan<byte> ServerStaticKey => State >= ChannelClientState.ServerKeyPresented ? _serverKey : ReadOnlySpan<byte>.Empty;

    /// <summary>The name the server gave in its RESPONSE (authenticated).</summary>
    public string ServerName { get; private set; } = string.Empty;

    /// <summary>The session id the server assigned.</summary>
    public ulong SessionId { get; private set; }

    /// <summary>When <see cref="OnTimer"/> wants to be called next, while the handshake runs.</summary>
    public TimeSpan? NextTimer => State == ChannelClientState.AwaitingResponse ? Min(_nextRetransmitAt, _startedAt + HandshakeTimeout) : null;

    /// <summary>The established session (for its handshake hash, which the login binds to).</summary>
    public SealedSession Session => _session ?? throw new InvalidOperationException("The channel is not established: accept the server key first.");

    /// <summary>Writes the INITIATION (1200 bytes) into <paramref name="destination"/> and returns its length.</summary>
    public int Start(TimeSpan now, Span<byte> destination)
    {
        if (State != ChannelClientState.Idle)
        {
            throw new InvalidOperationException("The handshake has already started.");
        }

        if (!_handshake!.TryWriteMessage([], _ephemeral, out _))
        {
            throw new InvalidOperationException("NX message 1 has no DH and cannot fail.");
        }

        HandshakeDatagrams.WriteInitiation(_initiation, HandshakeId, _ephemeral, []);
        State = ChannelClientState.AwaitingResponse;
        _startedAt = now;
        _nextRetransmitAt = now + RetransmitDelays[0];
        _initiation.CopyTo(destination);
        return _initiation.Length;
    }

    /// <summary>Retransmission and timeout of the handshake.</summary>
    public ClientTimerAction OnTimer(TimeSpan now, Span<byte> destination)
    {
        if (State != ChannelClientState.AwaitingResponse)
        {
            return ClientTimerAction.None;
        }

        if (now >= _startedAt + HandshakeTimeout)
        {
            State = ChannelClientState.TimedOut;
            DisposeKeys();
            return ClientTimerAction.TimedOut;
        }

        if (now < _nextRetransmitAt)
        {
            return ClientTimerAction.None;
        }

        _retransmits++;
        _nextRetransmitAt = _retransmits < RetransmitDelays.Length ? now + RetransmitDelays[_retransmits] : _startedAt + HandshakeTimeout;
        _initiation.CopyTo(destination);
        return ClientTimerAction.Retransmit;
    }

    /// <summary>
    /// Takes one datagram from the server. <paramref name="output"/> (at least <see cref="ChannelWire.MaxDatagram"/>
    /// bytes, not overlapping <paramref name="datagram"/>) receives what to send or the opened message.
    /// </summary>
    public ClientReceiveResult Receive(ReadOnlySpan<byte> datagram, TimeSpan now, Span<byte> output)
    {
        if (ChannelPrefix.Classify(datagram, out ChannelDatagramType type) != PrefixKind.Version2)
        {
            return ClientReceiveResult.Dropped(ChannelDropReason.Malformed);
        }

        return (State, type) switch
        {
            (ChannelClientState.AwaitingResponse, ChannelDatagramType.CookieReply) => TakeCookie(datagram, output),
            (ChannelClientState.AwaitingResponse, ChannelDatagramType.Response) => TakeResponse(datagram),
            (ChannelClientState.Established, ChannelDatagramType.Transport) => TakeTransport(datagram, now, output),
            (ChannelClientState.Refused or ChannelClientState.TimedOut, _) => ClientReceiveResult.Dropped(ChannelDropReason.Closed),
            _ => ClientReceiveResult.Dropped(ChannelDropReason.Unexpected),
        };
    }

    /// <summary>The pin matched (or was just created): the channel may carry the login.</summary>
    public void AcceptServerKey(TimeSpan now)
    {
        RequireState(ChannelClientState.ServerKeyPresented);
        _session = new SealedSession(_transport!, SessionId, now, _policy);
        _transport = null;
        State = ChannelClientState.Established;
    }

    /// <summary>The key does not match the pin: the channel ends and nothing more is sent.</summary>
    public void RefuseServerKey()
    {
        RequireState(ChannelClientState.ServerKeyPresented);
        State = ChannelClientState.Refused;
        DisposeKeys();
    }

    /// <summary>Seals one message (only once the server key is accepted).</summary>
    public SealResult Seal(byte innerType, ReadOnlySpan<byte> body, TimeSpan now, Span<byte> destination) =>
        Session.Seal(innerType, body, now, destination);

    public void Dispose()
    {
        DisposeKeys();
        _session?.Dispose();
    }

    private ClientReceiveResult TakeCookie(ReadOnlySpan<byte> datagram, Span<byte> output)
    {
        if (!HandshakeDatagrams.TryReadCookieReply(datagram, out ulong id, out ReadOnlySpan<byte> cookie))
        {
            return ClientReceiveResult.Dropped(ChannelDropReason.Malformed);
        }

        if (id != HandshakeId)
        {
            return ClientReceiveResult.Dropped(ChannelDropReason.OtherHandshake);
        }

        if ((_cookies > 0 && cookie.SequenceEqual(_cookie)) || _cookies >= MaxCookies)
        {
            return ClientReceiveResult.Dropped(ChannelDropReason.Unexpected);
        }

        _cookies++;
        cookie.CopyTo(_cookie);
        HandshakeDatagrams.WriteInitiation(_initiation, HandshakeId, _ephemeral, _cookie);
        _initiation.CopyTo(output);
        return new ClientReceiveResult(ClientEvent.Send, _initiation.Length, 0, ChannelDropReason.None);
    }

    private ClientReceiveResult TakeResponse(ReadOnlySpan<byte> datagram)
    {
        if (!HandshakeDatagrams.TryReadResponse(datagram, out Response response))
        {
            return ClientReceiveResult.Dropped(ChannelDropReason.Malformed);
        }

        if (response.HandshakeId != HandshakeId)
        {
            return ClientReceiveResult.Dropped(ChannelDropReason.OtherHandshake);
        }

        // A RESPONSE that does not authenticate leaves the handshake as it was: the genuine one can still arrive.
        Span<byte> payload = stackalloc byte[ChannelWire.MaxDatagram];
        if (!_handshake!.TryReadMessage(response.NoiseMessage, payload, out int payloadLength))
        {
            return ClientReceiveResult.Dropped(ChannelDropReason.Authentication);
        }

        if (!HandshakeDatagrams.TryReadResponsePayload(payload[..payloadLength], out ulong sessionId, out string serverName))
        {
            // Authenticated by the server's key yet malformed: that server is broken; this attempt cannot go on.
            State = ChannelClientState.TimedOut;
            DisposeKeys();
            return ClientReceiveResult.Dropped(ChannelDropReason.Malformed);
        }

        _handshake.RemoteStaticPublicKey.CopyTo(_serverKey);
        _transport = _handshake.Split();
        _handshake.Dispose();
        _handshake = null;
        SessionId = sessionId;
        ServerName = serverName;
        State = ChannelClientState.ServerKeyPresented;
        return new ClientReceiveResult(ClientEvent.ServerKeyPresented, 0, 0, ChannelDropReason.None);
    }

    private ClientReceiveResult TakeTransport(ReadOnlySpan<byte> datagram, TimeSpan now, Span<byte> output)
    {
        if (!TransportHeader.TryPeekSessionId(datagram, out ulong sessionId) || sessionId != SessionId)
        {
            return ClientReceiveResult.Dropped(ChannelDropReason.UnknownSession);
        }

        Span<byte> plaintext = stackalloc byte[ChannelWire.MaxDatagram];
        OpenResult opened = _session!.Open(datagram, now, plaintext);
        if (!opened.IsOpened)
        {
            return ClientReceiveResult.Dropped(opened.Drop);
        }

        ReadOnlySpan<byte> body = plaintext.Slice(1, opened.BodyLength);
        if (opened.InnerType == (byte)ChannelMessageType.PathChallenge)
        {
            if (body.Length != PathValidator.ChallengeLength)
            {
                return ClientReceiveResult.Dropped(ChannelDropReason.Malformed);
            }

            SealResult reply = _session.Seal((byte)ChannelMessageType.PathResponse, body, now, output);
            return reply.IsSealed
                ? new ClientReceiveResult(ClientEvent.Send, reply.Length, 0, ChannelDropReason.None)
                : ClientReceiveResult.Dropped(ChannelDropReason.Closed);
        }

        plaintext[..(1 + opened.BodyLength)].CopyTo(output);
        return new ClientReceiveResult(ClientEvent.Message, opened.BodyLength, opened.InnerType, ChannelDropReason.None);
    }

    private void RequireState(ChannelClientState expected)
    {
        if (State != expected)
        {
            throw new InvalidOperationException($"The channel is {State}, not {expected}.");
        }
    }

    private void DisposeKeys()
    {
        _handshake?.Dispose();
        _handshake = null;
        _transport?.Dispose();
        _transport = null;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
