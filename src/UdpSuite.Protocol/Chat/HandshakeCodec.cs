using System.Text;

namespace UdpSuite.Protocol.Chat;

/// <summary>
/// Encodes and decodes the unauthenticated datagrams (0x01-0x0F). Decoders take the whole datagram,
/// prefix included, and return false for anything malformed; they never throw.
/// Every reply here is sized so that bytes out &lt;= 3 x bytes in (28 header bytes counted on both sides),
/// and CHALLENGE is smaller than the HELLO it answers.
/// </summary>
public static class HandshakeCodec
{
    public static int WriteHello(Span<byte> destination, string userName, ReadOnlySpan<byte> clientNonce)
    {
        var w = new WireWriter(destination);
        w.Prefix(ChatMessageType.Hello);
        w.Name(userName);
        w.Bytes(clientNonce);
        w.PadTo(ChatWire.MinHelloLength);
        return w.Position;
    }

    /// <summary>Reads a HELLO; false when malformed. Callers must also refuse HELLOs shorter than <see cref="ChatWire.MinHelloLength"/>.</summary>
    public static bool TryReadHello(ReadOnlySpan<byte> datagram, out HelloMessage hello)
    {
        hello = default;
        var r = new WireReader(datagram[ChatWire.PrefixLength..]);
        if (!r.TryName(ChatWire.MaxUserNameBytes, out string name) || !r.TryBytes(ChatWire.NonceLength, out ReadOnlySpan<byte> nonce))
        {
            return false;
        }

        hello = new HelloMessage(name, nonce.ToArray());
        return true;
    }

    public static int WriteChallenge(Span<byte> destination, in ChallengeMessage challenge)
    {
        var w = new WireWriter(destination);
        w.Prefix(ChatMessageType.Challenge);
        w.Bytes(challenge.ClientNonce);
        w.Bytes(challenge.ServerNonce);
        w.Bytes(challenge.Salt);
        w.WriteUInt32((uint)challenge.Iterations);
        return w.Position;
    }

    public static bool TryReadChallenge(ReadOnlySpan<byte> datagram, out ChallengeMessage challenge)
    {
        challenge = default;
        var r = new WireReader(datagram[ChatWire.PrefixLength..]);
        if (!r.TryBytes(ChatWire.NonceLength, out ReadOnlySpan<byte> clientNonce)
            || !r.TryBytes(ChatWire.NonceLength, out ReadOnlySpan<byte> serverNonce)
            || !r.TryBytes(ChatWire.SaltLength, out ReadOnlySpan<byte> salt)
            || !r.TryUInt32(out uint iterations)
            || iterations is 0 or > ScramVerifier.MaxIterations)
        {
            return false;
        }

        challenge = new ChallengeMessage(clientNonce.ToArray(), serverNonce.ToArray(), salt.ToArray(), (int)iterations);
        return true;
    }

    public static int WriteProof(Span<byte> destination, in ProofMessage proof)
    {
        var w = new WireWriter(destination);
        w.Prefix(ChatMessageType.Proof);
        w.Bytes(proof.ClientNonce);
        w.Bytes(proof.ServerNonce);
        w.Bytes(proof.ClientProof);
        return w.Position;
    }

    public static bool TryReadProof(ReadOnlySpan<byte> datagram, out ProofMessage proof)
    {
        proof = default;
        var r = new WireReader(datagram[ChatWire.PrefixLength..]);
        if (!r.TryBytes(ChatWire.NonceLength, out ReadOnlySpan<byte> clientNonce)
            || !r.TryBytes(ChatWire.NonceLength, out ReadOnlySpan<byte> serverNonce)
            || !r.TryBytes(ChatWire.KeyLength, out ReadOnlySpan<byte> clientProof))
        {
            return false;
        }

        proof = new ProofMessage(clientNonce.ToArray(), serverNonce.ToArray(), clientProof.ToArray());
        return true;
    }

    public static int WriteWelcome(Span<byte> destination, in WelcomeMessage welcome)
    {
        var w = new WireWriter(destination);
        w.Prefix(ChatMessageType.Welcome);
        w.WriteUInt64(welcome.SessionId);
        w.Bytes(welcome.ServerSignature);
        return w.Position;
    }

    public static bool TryReadWelcome(ReadOnlySpan<byte> datagram, out WelcomeMessage welcome)
    {
        welcome = default;
        var r = new WireReader(datagram[ChatWire.PrefixLength..]);
        if (!r.TryUInt64(out ulong sessionId) || !r.TryBytes(ChatWire.KeyLength, out ReadOnlySpan<byte> signature))
        {
            return false;
        }

        welcome = new WelcomeMessage(sessionId, signature.ToArray());
        return true;
    }

    public static int WriteRegister(Span<byte> destination, in RegisterMessage register)
    {
        var w = new WireWriter(destination);
        w.Prefix(ChatMessageType.Register);
        w.Name(register.UserName);
        w.Bytes(register.Verifier.Salt);
        w.WriteUInt32((uint)register.Verifier.Iterations);
        w.Bytes(register.Verifier.StoredKey);
        w.Bytes(register.Verifier.ServerKey);
        return w.Position;
    }

    public static bool TryReadRegister(ReadOnlySpan<byte> datagram, out RegisterMessage register)
    {
        register = default;
        var r = new WireReader(datagram[ChatWire.PrefixLength..]);
        if (!r.TryName(ChatWire.MaxUserNameBytes, out string name)
            || !r.TryBytes(ChatWire.SaltLength, out ReadOnlySpan<byte> salt)
            || !r.TryUInt32(out uint iterations)
            || iterations is < ScramVerifier.MinIterations or > ScramVerifier.MaxIterations
            || !r.TryBytes(ChatWire.KeyLength, out ReadOnlySpan<byte> storedKey)
            || !r.TryBytes(ChatWire.KeyLength, out ReadOnlySpan<byte> serverKey))
        {
            return false;
        }

        register = new RegisterMessage(name, new ScramVerifier(salt.ToArray(), (int)iterations, storedKey.ToArray(), serverKey.ToArray()));
        return true;
    }

    /// <summary>REGISTERED carries nothing but the prefix: the client knows which name it registered.</summary>
    public static int WriteRegistered(Span<byte> destination)
    {
        ChatPrefix.Write(destination, ChatMessageType.Registered);
        return ChatWire.PrefixLength;
    }

    /// <summary>ERROR: code (2 bytes), text length (1 byte), text — cut at a character boundary to fit <paramref name="budget"/>.</summary>
    public static int WriteError(Span<byte> destination, ChatErrorCode code, string text, int budget)
    {
        var w = new WireWriter(destination);
        w.Prefix(ChatMessageType.Error);
        w.WriteUInt16((ushort)code);
        WriteShortText(ref w, text, budget);
        return w.Position;
    }

    public static bool TryReadError(ReadOnlySpan<byte> datagram, out ErrorMessage error)
    {
        error = default;
        var r = new WireReader(datagram[ChatWire.PrefixLength..]);
        if (!r.TryUInt16(out ushort code) || !r.TryByte(out byte length) || !r.TryBytes(length, out ReadOnlySpan<byte> text))
        {
            return false;
        }

        error = new ErrorMessage((ChatErrorCode)code, Encoding.UTF8.GetString(text));
        return true;
    }

    /// <summary>PROBE: the bare 4-byte prefix (anything after it is ignored).</summary>
    public static int WriteProbe(Span<byte> destination)
    {
        ChatPrefix.Write(destination, ChatMessageType.Probe);
        return ChatWire.PrefixLength;
    }

    /// <summary>PROBE_REPLY: version, name; the name is cut to fit <paramref name="budget"/> (a bare probe allows 68 bytes).</summary>
    public static int WriteProbeReply(Span<byte> destination, string serverName, int budget)
    {
        var w = new WireWriter(destination);
        w.Prefix(ChatMessageType.ProbeReply);
        w.Byte(ChatWire.Version);
        WriteShortText(ref w, serverName, budget);
        return w.Position;
    }

    public static bool TryReadProbeReply(ReadOnlySpan<byte> datagram, out ProbeReplyMessage reply)
    {
        reply = default;
        var r = new WireReader(datagram[ChatWire.PrefixLength..]);
        if (!r.TryByte(out byte version) || !r.TryByte(out byte length) || !r.TryBytes(length, out ReadOnlySpan<byte> name))
        {
            return false;
        }

        reply = new ProbeReplyMessage(version, Encoding.UTF8.GetString(name));
        return true;
    }

    /// <summary>A 1-byte length and as much of <paramref name="text"/> as fits <paramref name="budget"/>, cut at a character boundary.</summary>
    private static void WriteShortText(ref WireWriter w, string text, int budget)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        int length = Math.Min(Math.Clamp(budget - w.Position - 1, 0, 255), bytes.Length);
        while (length > 0 && length < bytes.Length && (bytes[length] & 0xC0) == 0x80)
        {
            length--; // never split a UTF-8 sequence
        }

        w.Byte((byte)length);
        w.Bytes(bytes.AsSpan(0, length));
    }
}
