using System.Security.Cryptography;
using NSec.Cryptography;

namespace UdpSuite.Protocol.Security.Noise;

/// <summary>
/// Noise's HandshakeState (§5.3) for <c>25519_ChaChaPoly_SHA256</c>, driven by a <see cref="HandshakePattern"/>.
/// Pure computation: the caller moves the messages. A message that does not authenticate (or is malformed) is
/// rejected by <see cref="TryReadMessage"/> and leaves the state exactly as it was, so a forged or corrupted datagram
/// costs nothing more than a lost one and the genuine message can still be read. Not thread-safe.
/// </summary>
public sealed class HandshakeState : IDisposable
{
    private readonly HandshakePattern _pattern;
    private readonly HandshakeRole _role;
    private readonly SymmetricState _symmetric;
    private readonly NoiseKeyPair? _localStatic;
    private readonly IEphemeralKeySource _ephemeralKeys;
    private readonly byte[] _remoteEphemeral = new byte[NoiseConstants.DhLength];
    private readonly byte[] _remoteStatic = new byte[NoiseConstants.DhLength];
    private NoiseKeyPair? _localEphemeral;
    private PublicKey? _remoteEphemeralKey;
    private PublicKey? _remoteStaticKey;
    private int _messageIndex;
    private bool _split;
    private bool _failed;
    private bool _disposed;

    /// <summary>
    /// A handshake for <paramref name="pattern"/> playing <paramref name="role"/>. <paramref name="localStatic"/> is
    /// required when the pattern gives this side a static key (the caller keeps owning it);
    /// <paramref name="remoteStatic"/> (32 bytes) when a pre-message makes the peer's static key known beforehand.
    /// Both sides must use the same <paramref name="prologue"/> or the handshake fails.
    /// </summary>
    public HandshakeState(HandshakePattern pattern, HandshakeRole role, ReadOnlySpan<byte> prologue, NoiseKeyPair? localStatic = null, ReadOnlySpan<byte> remoteStatic = default)
        : this(pattern, role, prologue, localStatic, remoteStatic, RandomEphemeralKeySource.Instance)
    {
    }

    internal HandshakeState(HandshakePattern pattern, HandshakeRole role, ReadOnlySpan<byte> prologue, NoiseKeyPair? localStatic, ReadOnlySpan<byte> remoteStatic, IEphemeralKeySource ephemeralKeys)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        bool initiator = role == HandshakeRole.Initiator;
        bool needsLocalStatic = initiator ? pattern.InitiatorHasStatic : pattern.ResponderHasStatic;
        bool knowsRemoteStatic = initiator ? pattern.ResponderStaticPreMessage : pattern.InitiatorStaticPreMessage;
        if (needsLocalStatic != (localStatic is not null))
        {
            throw new ArgumentException(needsLocalStatic ? $"{pattern.Name} needs this side's static key pair." : $"{pattern.Name} gives this side no static key.", nameof(localStatic));
        }

        if (knowsRemoteStatic ? remoteStatic.Length != NoiseConstants.DhLength : !remoteStatic.IsEmpty)
        {
            throw new ArgumentException(knowsRemoteStatic ? $"{pattern.Name} needs the peer's {NoiseConstants.DhLength}-byte static public key." : $"{pattern.Name} has no pre-message for the peer's static key.", nameof(remoteStatic));
        }

        _pattern = pattern;
        _role = role;
        _localStatic = localStatic;
        _ephemeralKeys = ephemeralKeys;
        _symmetric = new SymmetricState(pattern.ProtocolName);
        _symmetric.MixHash(prologue);

        // Pre-messages: the initiator's first, then the responder's (§7.1).
        if (knowsRemoteStatic)
        {
            remoteStatic.CopyTo(_remoteStatic);
            _remoteStaticKey = ImportPublicKey(_remoteStatic) ?? throw new ArgumentException("Not a valid X25519 public key.", nameof(remoteStatic));
        }

        if (pattern.InitiatorStaticPreMessage)
        {
            _symmetric.MixHash(initiator ? localStatic!.PublicKey : _remoteStatic);
        }

        if (pattern.ResponderStaticPreMessage)
        {
            _symmetric.MixHash(initiator ? _remoteStatic : localStatic!.PublicKey);
        }
    }

    /// <summary>The pattern this handshake runs.</summary>
    public HandshakePattern Pattern => _pattern;

    /// <summary>This side's role.</summary>
    public HandshakeRole Role => _role;

    /// <summary>Whether every message pattern has been written or read; then <see cref="Split"/> may be called.</summary>
    public bool IsComplete => _messageIndex == _pattern.Messages.Length;

    /// <summary>Whether the next message is this side's to write (false when it must read, or when complete).</summary>
    public bool IsMyTurn => !IsComplete && HandshakePattern.SenderOf(_messageIndex) == _role;

    /// <summary>
    /// The peer's static public key once known (from a pre-message or a received <c>s</c> token), else empty. In NX
    /// the client checks this against its pin after reading message 2, before sending anything else.
    /// </summary>
    public ReadOnlySpan<byte> RemoteStaticPublicKey => _remoteStaticKey is null ? ReadOnlySpan<byte>.Empty : _remoteStatic;

    /// <summary>
    /// The current handshake hash <c>h</c> (final once <see cref="IsComplete"/>); after <see cref="Split"/> it is
    /// erased here and lives on in <see cref="NoiseTransport.HandshakeHash"/>.
    /// </summary>
    public ReadOnlySpan<byte> HandshakeHash
    {
        get
        {
            ThrowIfNotUsable();
            return _symmetric.HandshakeHash;
        }
    }

    /// <summary>The length of the next message when it carries <paramref name="payloadLength"/> payload bytes.</summary>
    public int GetMessageLength(int payloadLength)
    {
        ThrowIfNotUsable();
        if (IsComplete)
        {
            throw new InvalidOperationException("The handshake is complete.");
        }

        // Simulate the key state: a key exists once any DH token has been processed.
        bool hasKey = _symmetric.HasKey;
        int length = 0;
        foreach (NoiseToken token in _pattern.Messages[_messageIndex])
        {
            switch (token)
            {
                case NoiseToken.E:
                    length += NoiseConstants.DhLength;
                    break;
                case NoiseToken.S:
                    length += NoiseConstants.DhLength + (hasKey ? NoiseConstants.TagLength : 0);
                    break;
                default:
                    hasKey = true;
                    break;
            }
        }

        return length + payloadLength + (hasKey ? NoiseConstants.TagLength : 0);
    }

    /// <summary>
    /// WriteMessage(payload, message_buffer): writes this side's next message. False when a DH with the peer's key is
    /// degenerate (a low-order X25519 point, which a peer can send in its <c>e</c>): the handshake has then failed and
    /// must be dropped, as Noise requires (§12.1). Misuse (wrong turn, small buffer) throws.
    /// </summary>
    public bool TryWriteMessage(ReadOnlySpan<byte> payload, Span<byte> message, out int length)
    {
        ThrowIfNotUsable();
        if (!IsMyTurn)
        {
            throw new InvalidOperationException(IsComplete ? "The handshake is complete." : "It is the peer's turn to send.");
        }

        length = GetMessageLength(payload.Length);
        if (length > NoiseConstants.MaxMessageLength)
        {
            throw new ArgumentException($"A Noise message is at most {NoiseConstants.MaxMessageLength} bytes.", nameof(payload));
        }

        if (message.Length < length)
        {
            throw new ArgumentException($"The message buffer needs {length} bytes.", nameof(message));
        }

        if (message.Overlaps(payload))
        {
            throw new ArgumentException("The message buffer must not overlap the payload.", nameof(message));
        }

        int offset = 0;
        foreach (NoiseToken token in _pattern.Messages[_messageIndex])
        {
            switch (token)
            {
                case NoiseToken.E:
                    _localEphemeral?.Dispose();
                    _localEphemeral = _ephemeralKeys.Next();
                    _localEphemeral.PublicKey.CopyTo(message[offset..]);
                    _symmetric.MixHash(_localEphemeral.PublicKey);
                    offset += NoiseConstants.DhLength;
                    break;
                case NoiseToken.S:
                    offset += _symmetric.EncryptAndHash(_localStatic!.PublicKey, message[offset..]);
                    break;
                default:
                    if (!MixDh(token))
                    {
                        _failed = true;
                        length = 0;
                        return false;
                    }

                    break;
            }
        }

        offset += _symmetric.EncryptAndHash(payload, message[offset..]);
        _messageIndex++;
        length = offset;
        return true;
    }

    /// <summary>
    /// ReadMessage(message, payload_buffer): reads the peer's next message and writes its payload. False when the
    /// message is malformed, does not authenticate or carries a degenerate public key; the state is then unchanged.
    /// </summary>
    public bool TryReadMessage(ReadOnlySpan<byte> message, Span<byte> payload, out int payloadLength)
    {
        ThrowIfNotUsable();
        payloadLength = 0;
        if (IsComplete || HandshakePattern.SenderOf(_messageIndex) == _role)
        {
            throw new InvalidOperationException(IsComplete ? "The handshake is complete." : "It is this side's turn to send.");
        }

        int overhead = GetMessageLength(0);
        if (message.Length > NoiseConstants.MaxMessageLength || message.Length < overhead)
        {
            return false;
        }

        // Checked before any state changes: the payload is at most the message minus this pattern's fixed overhead.
        if (payload.Length < message.Length - overhead)
        {
            throw new ArgumentException($"The payload buffer needs {message.Length - overhead} bytes for this message.", nameof(payload));
        }

        Span<byte> snapshot = stackalloc byte[SymmetricState.SnapshotLength];
        _symmetric.SaveTo(snapshot, out bool hadKey, out ulong nonce);
        Span<byte> remoteKeysBefore = stackalloc byte[2 * NoiseConstants.DhLength];
        _remoteEphemeral.CopyTo(remoteKeysBefore);
        _remoteStatic.CopyTo(remoteKeysBefore[NoiseConstants.DhLength..]);
        PublicKey? remoteEphemeralBefore = _remoteEphemeralKey;
        PublicKey? remoteStaticBefore = _remoteStaticKey;
        try
        {
            if (ReadTokens(message, payload, out payloadLength))
            {
                _messageIndex++;
                return true;
            }

            _symmetric.RestoreFrom(snapshot, hadKey, nonce);
            remoteKeysBefore[..NoiseConstants.DhLength].CopyTo(_remoteEphemeral);
            remoteKeysBefore[NoiseConstants.DhLength..].CopyTo(_remoteStatic);
            _remoteEphemeralKey = remoteEphemeralBefore;
            _remoteStaticKey = remoteStaticBefore;
            payloadLength = 0;
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(snapshot);
        }
    }

    /// <summary>
    /// Split(): the transport ciphers for this side and the handshake hash. Call once, after <see cref="IsComplete"/>;
    /// the handshake's own secrets are erased then.
    /// </summary>
    public NoiseTransport Split()
    {
        ThrowIfNotUsable();
        if (!IsComplete)
        {
            throw new InvalidOperationException("The handshake is not complete.");
        }

        (CipherState initiatorToResponder, CipherState responderToInitiator) = _symmetric.Split();
        var transport = _role == HandshakeRole.Initiator
            ? new NoiseTransport(initiatorToResponder, responderToInitiator, _symmetric.HandshakeHash)
            : new NoiseTransport(responderToInitiator, initiatorToResponder, _symmetric.HandshakeHash);
        _split = true;
        EraseSecrets();
        return transport;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            EraseSecrets();
            _disposed = true;
        }
    }

    private bool ReadTokens(ReadOnlySpan<byte> message, Span<byte> payload, out int payloadLength)
    {
        payloadLength = 0;
        int offset = 0;
        foreach (NoiseToken token in _pattern.Messages[_messageIndex])
        {
            switch (token)
            {
                case NoiseToken.E:
                {
                    ReadOnlySpan<byte> key = message.Slice(offset, NoiseConstants.DhLength);
                    key.CopyTo(_remoteEphemeral);
                    _remoteEphemeralKey = ImportPublicKey(_remoteEphemeral);
                    if (_remoteEphemeralKey is null)
                    {
                        return false;
                    }

                    _symmetric.MixHash(key);
                    offset += NoiseConstants.DhLength;
                    break;
                }

                case NoiseToken.S:
                {
                    int length = NoiseConstants.DhLength + (_symmetric.HasKey ? NoiseConstants.TagLength : 0);
                    Span<byte> key = stackalloc byte[NoiseConstants.DhLength];
                    if (!_symmetric.TryDecryptAndHash(message.Slice(offset, length), key, out _))
                    {
                        return false;
                    }

                    key.CopyTo(_remoteStatic);
                    _remoteStaticKey = ImportPublicKey(_remoteStatic);
                    if (_remoteStaticKey is null)
                    {
                        return false;
                    }

                    offset += length;
                    break;
                }

                default:
                    if (!MixDh(token))
                    {
                        return false;
                    }

                    break;
            }
        }

        return _symmetric.TryDecryptAndHash(message[offset..], payload, out payloadLength);
    }

    // ee, es, se, ss (§5.3): which local and remote key each side uses.
    private bool MixDh(NoiseToken token)
    {
        bool initiator = _role == HandshakeRole.Initiator;
        (NoiseKeyPair? local, PublicKey? remote) = token switch
        {
            NoiseToken.EE => (_localEphemeral, _remoteEphemeralKey),
            NoiseToken.ES => initiator ? (_localEphemeral, _remoteStaticKey) : (_localStatic, _remoteEphemeralKey),
            NoiseToken.SE => initiator ? (_localStatic, _remoteEphemeralKey) : (_localEphemeral, _remoteStaticKey),
            NoiseToken.SS => (_localStatic, _remoteStaticKey),
            _ => throw new InvalidOperationException($"Token {token} is not a DH."),
        };

        if (local is null || remote is null)
        {
            throw new InvalidOperationException($"The pattern {_pattern.Name} reached {token} without the keys it needs.");
        }

        // X25519 with a low-order point yields all zeros; libsodium reports it and NSec returns null: reject (§12.1).
        using SharedSecret? secret = KeyAgreementAlgorithm.X25519.Agree(local.PrivateKey, remote);
        if (secret is null)
        {
            return false;
        }

        _symmetric.MixKey(secret);
        return true;
    }

    private static PublicKey? ImportPublicKey(ReadOnlySpan<byte> key) =>
        PublicKey.TryImport(KeyAgreementAlgorithm.X25519, key, KeyBlobFormat.RawPublicKey, out PublicKey? result) ? result : null;

    private void EraseSecrets()
    {
        _localEphemeral?.Dispose();
        _localEphemeral = null;
        _symmetric.Dispose();
    }

    private void ThrowIfNotUsable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_split)
        {
            throw new InvalidOperationException("The handshake has been split into transport ciphers.");
        }

        if (_failed)
        {
            throw new InvalidOperationException("The handshake failed (degenerate peer key); start a new one.");
        }
    }
}
