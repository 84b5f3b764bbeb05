using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Protocol.Tests.Security.Channel.Login;

public sealed class LoginMessagesTests
{
    private static readonly byte[] Salt = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];
    private static readonly byte[] Key = [.. Enumerable.Range(0x40, 32).Select(i => (byte)i)];

    [Fact]
    public void Login_start_round_trips_and_refuses_bad_names_and_trailing_bytes()
    {
        byte[] body = new byte[ChannelWire.MaxSealedBody];
        int length = LoginMessages.WriteLoginStart(body, "Ålice");
        Assert.True(LoginMessages.TryReadLoginStart(body.AsSpan(0, length), out string name));
        Assert.Equal("Ålice", name);
        Assert.False(LoginMessages.TryReadLoginStart(body.AsSpan(0, length + 1), out _));
        Assert.False(LoginMessages.TryReadLoginStart([3, (byte)' ', (byte)'a', (byte)' '], out _));
        Assert.Throws<ArgumentException>(() => LoginMessages.WriteLoginStart(body, "bad\nname"));
    }

    [Fact]
    public void Login_parameters_round_trip_and_impossible_parameters_are_refused_without_throwing()
    {
        byte[] body = new byte[64];
        int length = LoginMessages.WriteLoginParameters(body, new LoginParameters(Salt, Argon2idParameters.OwaspMinimum));
        Assert.Equal(16 + 4 + 4 + 1, length);
        Assert.True(LoginMessages.TryReadLoginParameters(body.AsSpan(0, length), out LoginParameters? parameters));
        Assert.Equal(Salt, parameters!.Salt);
        Assert.Equal(Argon2idParameters.OwaspMinimum, parameters.Parameters);

        byte[] twoLanes = body[..length];
        twoLanes[24] = 2;
        Assert.False(LoginMessages.TryReadLoginParameters(twoLanes, out _));
        byte[] zeroPasses = body[..length];
        zeroPasses.AsSpan(20, 4).Clear();
        Assert.False(LoginMessages.TryReadLoginParameters(zeroPasses, out _));
        Assert.False(LoginMessages.TryReadLoginParameters(body.AsSpan(0, length - 1), out _));

        // Weak but computable parameters parse; refusing them is the client policy's job.
        LoginMessages.WriteLoginParameters(body, new LoginParameters(Salt, new Argon2idParameters(8, 1, 1)));
        Assert.True(LoginMessages.TryReadLoginParameters(body.AsSpan(0, length), out LoginParameters? weak));
        Assert.False(Argon2idPolicy.Shipped.Accepts(weak!.Parameters, out _));
    }

    [Fact]
    public void Login_proof_welcome_register_and_error_round_trip()
    {
        byte[] body = new byte[ChannelWire.MaxSealedBody];
        int length = LoginMessages.WriteLoginProof(body, new LoginProofMessage("alice", Key));
        Assert.True(LoginMessages.TryReadLoginProof(body.AsSpan(0, length), out LoginProofMessage? proof));
        Assert.Equal("alice", proof!.UserName);
        Assert.Equal(Key, proof.ClientProof);
        Assert.False(LoginMessages.TryReadLoginProof(body.AsSpan(0, length - 1), out _));

        length = LoginMessages.WriteWelcome(body, Key);
        Assert.True(LoginMessages.TryReadWelcome(body.AsSpan(0, length), out ReadOnlySpan<byte> signature));
        Assert.Equal(Key, signature.ToArray());
        Assert.False(LoginMessages.TryReadWelcome(body.AsSpan(0, length + 1), out _));

        var verifier = new PasswordVerifier(Salt, Argon2idParameters.OwaspMinimum, Key, Salt.Concat(Salt).ToArray());
        length = LoginMessages.WriteRegister(body, new RegisterRequest("bob", verifier));
        Assert.Equal(1 + 3 + 25 + 64, length);
        Assert.True(LoginMessages.TryReadRegister(body.AsSpan(0, length), out RegisterRequest? register));
        Assert.Equal("bob", register!.UserName);
        Assert.Equal(verifier.StoredKey, register.Verifier.StoredKey);
        Assert.Equal(verifier.ServerKey, register.Verifier.ServerKey);
        Assert.Equal(verifier.Parameters, register.Verifier.Parameters);
        Assert.False(LoginMessages.TryReadRegister(body.AsSpan(0, length - 1), out _));

        length = LoginMessages.WriteError(body, new ChannelError(ChatErrorCode.AuthenticationFailed, "wrong user name or password"));
        Assert.True(LoginMessages.TryReadError(body.AsSpan(0, length), out ChannelError? error));
        Assert.Equal(new ChannelError(ChatErrorCode.AuthenticationFailed, "wrong user name or password"), error);
    }

    [Fact]
    public void Login_proof_carries_the_optional_device_tail_all_or_nothing()
    {
        byte[] body = new byte[ChannelWire.MaxSealedBody];
        var device = new LoginDevice(0x0102030405060708, Transient: true, "lab-pc (send)");
        int length = LoginMessages.WriteLoginProof(body, new LoginProofMessage("alice", Key) { Device = device });

        // name(alice), proof (32), device id (8), flags (1: transient), name(device).
        Assert.Equal(1 + 5 + 32 + 8 + 1 + 1 + 13, length);
        Assert.Equal(Convert.FromHexString("0102030405060708" + "01" + "0D"), body.AsSpan(38, 10).ToArray());
        Assert.True(LoginMessages.TryReadLoginProof(body.AsSpan(0, length), out LoginProofMessage? proof));
        Assert.Equal(device, proof!.Device);
        Assert.Equal(Key, proof.ClientProof);

        // Without the tail: no device (the server takes LoginDevice.Unnamed).
        int plain = LoginMessages.WriteLoginProof(body, new LoginProofMessage("alice", Key));
        Assert.True(LoginMessages.TryReadLoginProof(body.AsSpan(0, plain), out LoginProofMessage? old));
        Assert.Null(old!.Device);

        // A cut tail, an unknown flag bit, device id 0 and a trailing byte are refused.
        length = LoginMessages.WriteLoginProof(body, new LoginProofMessage("alice", Key) { Device = device with { Transient = false } });
        Assert.False(LoginMessages.TryReadLoginProof(body.AsSpan(0, length - 1), out _));
        Assert.False(LoginMessages.TryReadLoginProof(body.AsSpan(0, plain + 4), out _));
        Assert.False(LoginMessages.TryReadLoginProof(body.AsSpan(0, length + 1), out _));
        body[plain + 8] = 0x02;
        Assert.False(LoginMessages.TryReadLoginProof(body.AsSpan(0, length), out _));
        body[plain + 8] = 0x00;
        body.AsSpan(plain, 8).Clear();
        Assert.False(LoginMessages.TryReadLoginProof(body.AsSpan(0, length), out _));
        Assert.Throws<ArgumentException>(() => LoginMessages.WriteLoginProof(body, new LoginProofMessage("alice", Key) { Device = new LoginDevice(0, false, "x") }));
    }

    [Fact]
    public void Random_bodies_never_throw()
    {
        var random = new Random(15);
        byte[] body = new byte[200];
        for (int k = 0; k < 2_000; k++)
        {
            int length = random.Next(body.Length);
            random.NextBytes(body.AsSpan(0, length));
            _ = LoginMessages.TryReadLoginStart(body.AsSpan(0, length), out _);
            _ = LoginMessages.TryReadLoginParameters(body.AsSpan(0, length), out _);
            _ = LoginMessages.TryReadLoginProof(body.AsSpan(0, length), out _);
            _ = LoginMessages.TryReadRegister(body.AsSpan(0, length), out _);
            _ = LoginMessages.TryReadError(body.AsSpan(0, length), out _);
        }

        Assert.False(LoginMessages.TryReadLoginParameters([], out _));
    }
}
