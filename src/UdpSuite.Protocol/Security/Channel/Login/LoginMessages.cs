using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Protocol.Security.Channel.Login;

/// <summary>LOGIN_PARAMS body: what the client needs to compute its secret.</summary>
public sealed record LoginParameters(byte[] Salt, Argon2idParameters Parameters);

/// <summary>LOGIN_PROOF body.</summary>
public sealed record LoginProofMessage(string UserName, byte[] ClientProof)
{
    /// <summary>The device tail, or null when the proof came without it (then the server uses <see cref="LoginDevice.Unnamed"/>).</summary>
    public LoginDevice? Device { get; init; }
}

/// <summary>REGISTER body.</summary>
public sealed record RegisterRequest(string UserName, PasswordVerifier Verifier);

/// <summary>A sealed ERROR body: code and short text (the version-1 ERROR body layout).</summary>
public sealed record ChannelError(ChatErrorCode Code, string Text);

/// <summary>
/// Bodies of the login inner types (<see cref="ChannelMessageType"/>; the inner type byte itself is sealed in front
/// by <see cref="SealedSession"/>). Layouts, big-endian:
/// <code>
/// LOGIN_START  name(user)                                     u8 length + 1-64 bytes UTF-8
/// LOGIN_PARAMS salt (16) | m KiB (u32) | t (u32) | p (u8)
/// LOGIN_PROOF  name(user) | client proof (32) [ | device id (u64) | flags (u8) | name(device) ]
/// WELCOME      server signature (32)
/// REGISTER     name(user) | salt (16) | m (u32) | t (u32) | p (u8) | StoredKey (32) | ServerKey (32)
/// REGISTERED   (empty)
/// ERROR        code (u16) | text length (u8) | text
/// PATH_*       data (8)
/// </code>
/// Readers never throw and refuse trailing bytes.
/// </summary>
public static class LoginMessages
{
    public static int WriteLoginStart(Span<byte> destination, string userName)
    {
        var w = new WireWriter(destination);
        WriteUserName(ref w, userName);
        return w.Position;
    }

    public static bool TryReadLoginStart(ReadOnlySpan<byte> body, out string userName)
    {
        var r = new WireReader(body);
        return TryReadUserName(ref r, out userName) && r.Remaining == 0;
    }

    public static int WriteLoginParameters(Span<byte> destination, LoginParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var w = new WireWriter(destination);
        WriteSaltAndParameters(ref w, parameters.Salt, parameters.Parameters);
        return w.Position;
    }

    public static bool TryReadLoginParameters(ReadOnlySpan<byte> body, out LoginParameters? parameters)
    {
        parameters = null;
        var r = new WireReader(body);
        if (!TryReadSaltAndParameters(ref r, out byte[] salt, out Argon2idParameters values) || r.Remaining != 0)
        {
            return false;
        }

        parameters = new LoginParameters(salt, values);
        return true;
    }

    public static int WriteLoginProof(Span<byte> destination, LoginProofMessage proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var w = new WireWriter(destination);
        WriteUserName(ref w, proof.UserName);
        w.Bytes(RequireKey(proof.ClientProof));
        if (proof.Device is { } device)
        {
            if (!device.IsValid)
            {
                throw new ArgumentException("A device has a non-zero id and a valid name.", nameof(proof));
            }

            w.WriteUInt64(device.DeviceId);
            w.Byte(device.Transient ? LoginDevice.TransientFlag : (byte)0);
            w.Name(device.Name);
        }

        return w.Position;
    }

    public static bool TryReadLoginProof(ReadOnlySpan<byte> body, out LoginProofMessage? proof)
    {
        proof = null;
        var r = new WireReader(body);
        if (!TryReadUserName(ref r, out string name) || !r.TryBytes(LoginProof.KeyLength, out ReadOnlySpan<byte> clientProof))
        {
            return false;
        }

        LoginDevice? device = null;
        if (r.Remaining != 0)
        {
            // The device tail: all three fields or none, no unknown flag, nothing after the name.
            if (!r.TryUInt64(out ulong deviceId) || deviceId == 0 || !r.TryByte(out byte flags) || (flags & ~LoginDevice.TransientFlag) != 0
                || !TryReadUserName(ref r, out string deviceName) || r.Remaining != 0)
            {
                return false;
            }

            device = new LoginDevice(deviceId, (flags & LoginDevice.TransientFlag) != 0, deviceName);
        }

        proof = new LoginProofMessage(name, clientProof.ToArray()) { Device = device };
        return true;
    }

    public static int WriteWelcome(Span<byte> destination, ReadOnlySpan<byte> serverSignature)
    {
        RequireKey(serverSignature).CopyTo(destination);
        return LoginProof.KeyLength;
    }

    public static bool TryReadWelcome(ReadOnlySpan<byte> body, out ReadOnlySpan<byte> serverSignature)
    {
        serverSignature = body.Length == LoginProof.KeyLength ? body : default;
        return body.Length == LoginProof.KeyLength;
    }

    public static int WriteRegister(Span<byte> destination, RegisterRequest register)
    {
        ArgumentNullException.ThrowIfNull(register);
        var w = new WireWriter(destination);
        WriteUserName(ref w, register.UserName);
        WriteSaltAndParameters(ref w, register.Verifier.Salt, register.Verifier.Parameters);
        w.Bytes(register.Verifier.StoredKey);
        w.Bytes(register.Verifier.ServerKey);
        return w.Position;
    }

    public static bool TryReadRegister(ReadOnlySpan<byte> body, out RegisterRequest? register)
    {
        register = null;
        var r = new WireReader(body);
        if (!TryReadUserName(ref r, out string name)
            || !TryReadSaltAndParameters(ref r, out byte[] salt, out Argon2idParameters parameters)
            || !r.TryBytes(LoginProof.KeyLength, out ReadOnlySpan<byte> storedKey)
            || !r.TryBytes(LoginProof.KeyLength, out ReadOnlySpan<byte> serverKey)
            || r.Remaining != 0)
        {
            return false;
        }

        register = new RegisterRequest(name, new PasswordVerifier(salt, parameters, storedKey, serverKey));
        return true;
    }

    /// <summary>ERROR: code, then as much of the text as fits 255 bytes (cut at a character boundary).</summary>
    public static int WriteError(Span<byte> destination, ChannelError error)
    {
        ArgumentNullException.ThrowIfNull(error);

        // The version-1 ERROR layout after its prefix; written through the version-1 codec and moved down.
        Span<byte> scratch = stackalloc byte[ChatWire.PrefixLength + 3 + 255];
        int length = HandshakeCodec.WriteError(scratch, error.Code, error.Text, scratch.Length);
        scratch[ChatWire.PrefixLength..length].CopyTo(destination);
        return length - ChatWire.PrefixLength;
    }

    public static bool TryReadError(ReadOnlySpan<byte> body, out ChannelError? error)
    {
        error = null;
        var r = new WireReader(body);
        if (!r.TryUInt16(out ushort code) || !r.TryByte(out byte length) || !r.TryBytes(length, out ReadOnlySpan<byte> text)
            || r.Remaining != 0 || !System.Text.Unicode.Utf8.IsValid(text))
        {
            return false;
        }

        error = new ChannelError((ChatErrorCode)code, System.Text.Encoding.UTF8.GetString(text));
        return true;
    }

    private static void WriteUserName(ref WireWriter w, string userName)
    {
        if (!ChatUserName.IsValid(userName))
        {
            throw new ArgumentException("Not a valid user name.", nameof(userName));
        }

        w.Name(userName);
    }

    private static bool TryReadUserName(ref WireReader r, out string userName) =>
        r.TryName(ChatWire.MaxUserNameBytes, out userName) && ChatUserName.IsValid(userName);

    private static void WriteSaltAndParameters(ref WireWriter w, byte[] salt, Argon2idParameters parameters)
    {
        if (salt.Length != Argon2idParameters.SaltLength || parameters.MemoryKiB > uint.MaxValue)
        {
            throw new ArgumentException($"The salt is {Argon2idParameters.SaltLength} bytes and m fits 32 bits.");
        }

        w.Bytes(salt);
        w.WriteUInt32((uint)parameters.MemoryKiB);
        w.WriteUInt32((uint)parameters.Iterations);
        w.Byte((byte)parameters.Parallelism);
    }

    private static bool TryReadSaltAndParameters(ref WireReader r, out byte[] salt, out Argon2idParameters parameters)
    {
        salt = [];
        parameters = default;
        if (!r.TryBytes(Argon2idParameters.SaltLength, out ReadOnlySpan<byte> saltBytes) || !r.TryUInt32(out uint memory)
            || !r.TryUInt32(out uint iterations) || !r.TryByte(out byte parallelism))
        {
            return false;
        }

        // Only what Argon2idParameters can hold; whether it is acceptable is Argon2idPolicy's decision.
        if (parallelism != 1 || memory < 8 || iterations < 1)
        {
            return false;
        }

        salt = saltBytes.ToArray();
        parameters = new Argon2idParameters(memory, iterations, parallelism);
        return true;
    }

    private static ReadOnlySpan<byte> RequireKey(ReadOnlySpan<byte> key) =>
        key.Length == LoginProof.KeyLength ? key : throw new ArgumentException($"Proofs and signatures are {LoginProof.KeyLength} bytes.", nameof(key));
}
