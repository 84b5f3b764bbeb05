using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Protocol.Security.Channel;

/// <summary>
/// One side of an established v2 channel: seals and opens TRANSPORT datagrams with the per-direction keys of a
/// completed Noise handshake. The packet number (sent in clear) is the nonce and the 21-byte clear header is the
/// associated data; a 64-wide replay window runs over packet numbers and is updated only after a datagram
/// authenticates. Anything that does not open is a dropped <see cref="OpenResult"/>, never an exception.
/// </summary>
/// <remarks>
/// <para><b>Key phases</b> (as QUIC's key update, RFC 9001 §6): the flags bit 0 of each datagram names the key
/// generation modulo 2. A side whose sending key reaches <see cref="TransportRekeyPolicy"/>'s soft limit renews it
/// (Noise <c>REKEY</c>) and flips its phase, but only when the peer has confirmed the previous renewal (both
/// directions at the same generation), so at most one renewal is ever in flight and a receiver never has to guess
/// more than one step. A receiver that authenticates a datagram of the next phase promotes its next receive key and,
/// if it did not start the renewal, renews its own sending key too: both directions move together. The previous
/// receive key stays for late datagrams (packet numbers below the first one of the new phase) for
/// <see cref="PreviousKeyRetention"/>.</para>
/// <para>Pure: no clock (time comes in as <c>now</c>, any monotonic clock), no socket, no allocation per datagram.
/// Not thread-safe.</para>
/// </remarks>
public sealed class SealedSession : IDisposable
{
    /// <summary>How long the previous receive key opens late datagrams after a key phase change.</summary>
    public static readonly TimeSpan PreviousKeyRetention = TimeSpan.FromSeconds(3);

    private readonly NoiseTransport _transport;
    private readonly TransportRekeyPolicy _policy;
    private readonly ReplayWindow _replay = new();
    private readonly byte[] _handshakeHash;

    private ulong _nextPacketNumber;
    private ulong _sendGeneration;
    private ulong _sealedUnderKey;
    private TimeSpan _sendKeySince;

    private CipherState _receiveCurrent;
    private CipherState? _receiveNext;
    private CipherState? _receivePrevious;
    private TimeSpan _previousExpiresAt;
    private ulong _receiveGeneration;
    private ulong _firstPacketOfPhase;
    private bool _disposed;

    /// <summary>A session over <paramref name="transport"/> (owned from now on), keys installed at <paramref name="now"/>.</summary>
    public SealedSession(NoiseTransport transport, ulong sessionId, TimeSpan now, TransportRekeyPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        _policy = policy ?? TransportRekeyPolicy.Default;
        _handshakeHash = transport.HandshakeHash.ToArray();
        _receiveCurrent = transport.Receiving;
        _sendKeySince = now;
        SessionId = sessionId;
    }

    public ulong SessionId { get; }

    /// <summary>The Noise handshake hash: names this channel (the login binds to it).</summary>
    public ReadOnlySpan<byte> HandshakeHash => _handshakeHash;

    /// <summary>The key generation this side seals with (its phase bit is the low bit).</summary>
    public ulong SendGeneration => _sendGeneration;

    /// <summary>The key generation of the newest receive key that opened a datagram.</summary>
    public ulong ReceiveGeneration => _receiveGeneration;

    /// <summary>The packet number the next sealed datagram gets.</summary>
    public ulong NextPacketNumber => _nextPacketNumber;

    /// <summary>
    /// Seals inner type <paramref name="innerType"/> and <paramref name="body"/> (at most
    /// <see cref="ChannelWire.MaxSealedBody"/> bytes) as one TRANSPORT datagram into <paramref name="destination"/>
    /// (at least body + <see cref="ChannelWire.TransportOverhead"/> bytes, not overlapping <paramref name="body"/>).
    /// Renews the sending key first when the policy asks and the previous renewal is confirmed.
    /// </summary>
    public SealResult Seal(byte innerType, ReadOnlySpan<byte> body, TimeSpan now, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (body.Length > ChannelWire.MaxSealedBody)
        {
            throw new ArgumentException($"A sealed body is at most {ChannelWire.MaxSealedBody} bytes.", nameof(body));
        }

        if (destination.Length < ChannelWire.TransportOverhead + body.Length)
        {
            throw new ArgumentException($"The datagram buffer needs {ChannelWire.TransportOverhead + body.Length} bytes.", nameof(destination));
        }

        if (destination.Overlaps(body))
        {
            throw new ArgumentException("The datagram buffer must not overlap the body.", nameof(destination));
        }

        body.CopyTo(destination[(ChannelWire.TransportHeaderLength + 1)..]);
        return SealInPlace(innerType, body.Length, now, destination);
    }

    /// <summary>Where a body goes inside a (1200-byte) datagram buffer for <see cref="SealInPlace"/> (after the header and inner type).</summary>
    public static Span<byte> BodyArea(Span<byte> datagram) =>
        datagram[(ChannelWire.TransportHeaderLength + 1)..Math.Min(datagram.Length, ChannelWire.MaxDatagram - NoiseConstants.TagLength)];

    /// <summary>
    /// As <see cref="Seal"/>, for a body of <paramref name="bodyLength"/> bytes already written into
    /// <see cref="BodyArea"/> of <paramref name="datagram"/> (no copy: the hot path writes bodies where they are sealed).
    /// </summary>
    public SealResult SealInPlace(byte innerType, int bodyLength, TimeSpan now, Span<byte> datagram)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)bodyLength > ChannelWire.MaxSealedBody || datagram.Length < ChannelWire.TransportOverhead + bodyLength)
        {
            throw new ArgumentOutOfRangeException(nameof(bodyLength), bodyLength, $"A sealed body is at most {ChannelWire.MaxSealedBody} bytes and must fit the buffer.");
        }

        KeyRenewal renewal = _policy.Evaluate(_sealedUnderKey, now - _sendKeySince);
        if (renewal == KeyRenewal.Expired || _nextPacketNumber >= CipherState.MaxNonce)
        {
            return new SealResult(SealStatus.KeyExhausted, 0);
        }

        if (renewal == KeyRenewal.RenewNow && _sendGeneration == _receiveGeneration)
        {
            RenewSendingKey(now);
        }

        int length = ChannelWire.TransportOverhead + bodyLength;
        var header = new TransportHeader(SessionId, (_sendGeneration & 1) == 1, _nextPacketNumber);
        header.Write(datagram);
        Span<byte> sealedPart = datagram[ChannelWire.TransportHeaderLength..length];
        sealedPart[0] = innerType;
        int plaintextLength = 1 + bodyLength;

        // In place: the CipherState seals a plaintext that starts where its ciphertext starts.
        _transport.Sending.EncryptWithNonce(_nextPacketNumber, datagram[..ChannelWire.TransportHeaderLength], sealedPart[..plaintextLength], sealedPart);
        _nextPacketNumber++;
        _sealedUnderKey++;
        return new SealResult(SealStatus.Sealed, length);
    }

    /// <summary>
    /// Opens a TRANSPORT datagram of this session. On success <paramref name="plaintext"/> (at least the datagram's
    /// length minus 37 bytes, not overlapping it) holds the inner type then the body. Replays, forgeries, corrupted
    /// datagrams and unknown key phases are drops.
    /// </summary>
    public OpenResult Open(ReadOnlySpan<byte> datagram, TimeSpan now, Span<byte> plaintext)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!TransportHeader.TryRead(datagram, out TransportHeader header) || header.SessionId != SessionId)
        {
            return OpenResult.Dropped(ChannelDropReason.Malformed);
        }

        // The window counts from 1 (0 means "nothing yet"); packet numbers start at 0 and never reach 2^64-1.
        ulong sequence = header.PacketNumber + 1;
        if (!_replay.IsFresh(sequence))
        {
            return OpenResult.Dropped(ChannelDropReason.Replay);
        }

        ForgetPreviousKeyIfDue(now);
        bool currentPhase = header.KeyPhase == ((_receiveGeneration & 1) == 1);
        bool nextPhase = !currentPhase && header.PacketNumber >= _firstPacketOfPhase;
        CipherState? key = currentPhase ? _receiveCurrent : nextPhase ? (_receiveNext ??= _receiveCurrent.CreateRekeyed()) : _receivePrevious;
        if (key is null)
        {
            return OpenResult.Dropped(ChannelDropReason.StaleKeyPhase);
        }

        ReadOnlySpan<byte> ciphertext = datagram[ChannelWire.TransportHeaderLength..];
        if (!key.TryDecryptWithNonce(header.PacketNumber, datagram[..ChannelWire.TransportHeaderLength], ciphertext, plaintext, out int written))
        {
            return OpenResult.Dropped(ChannelDropReason.Authentication);
        }

        _replay.Accept(sequence);
        if (nextPhase)
        {
            PromoteNextKey(header.PacketNumber, now);
        }

        return new OpenResult(ChannelDropReason.None, plaintext[0], written - 1, header.PacketNumber);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _receiveNext?.Dispose();
        _receivePrevious?.Dispose();
        _receiveCurrent.Dispose();
        _transport.Dispose();
        _disposed = true;
    }

    private void RenewSendingKey(TimeSpan now)
    {
        _transport.Sending.Rekey();
        _sendGeneration++;
        _sealedUnderKey = 0;
        _sendKeySince = now;
    }

    private void PromoteNextKey(ulong packetNumber, TimeSpan now)
    {
        _receivePrevious?.Dispose();
        _receivePrevious = _receiveCurrent;
        _previousExpiresAt = now + PreviousKeyRetention;
        _receiveCurrent = _receiveNext!;
        _receiveNext = null;
        _receiveGeneration++;
        _firstPacketOfPhase = packetNumber;

        // The peer started this renewal: follow it, so both directions stay one generation apart at most.
        if (_sendGeneration < _receiveGeneration)
        {
            RenewSendingKey(now);
        }
    }

    private void ForgetPreviousKeyIfDue(TimeSpan now)
    {
        if (_receivePrevious is not null && now >= _previousExpiresAt)
        {
            _receivePrevious.Dispose();
            _receivePrevious = null;
        }
    }
}
