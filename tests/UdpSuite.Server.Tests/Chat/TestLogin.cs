using System.Security.Cryptography;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>
/// The client's side of the login inside a channel, without any I/O (docs/PROTOCOL.md, "Login"): the REGISTER,
/// LOGIN_START and LOGIN_PROOF bodies and the check of the WELCOME's server signature. Shared by the socket peer
/// (<see cref="ChatTestPeer"/>) and the in-memory peer of the relay core's tests.
/// </summary>
internal static class TestLogin
{
    /// <summary>Argon2id parameters of test accounts: the cheapest libsodium computes, so tests stay fast (test servers' floor allows them).</summary>
    public static readonly Argon2idParameters PasswordHash = new(8, 1, 1);

    /// <summary>A REGISTER body for <paramref name="user"/> (fresh salt).</summary>
    public static byte[] RegisterBody(string user, string password, Argon2idParameters? parameters = null)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(Argon2idParameters.SaltLength);
        Argon2idParameters cost = parameters ?? PasswordHash;
        var body = new byte[ChannelWire.MaxSealedBody];
        int length = LoginMessages.WriteRegister(body, new RegisterRequest(user, LoginProof.CreateVerifier(Derive(password, salt, cost), salt, cost)));
        return body[..length];
    }

    public static byte[] LoginStartBody(string user)
    {
        var body = new byte[ChannelWire.MaxSealedBody];
        return body[..LoginMessages.WriteLoginStart(body, user)];
    }

    /// <summary>
    /// The LOGIN_PROOF answering <paramref name="loginParameters"/> (a LOGIN_PARAMS body) in the channel with
    /// <paramref name="handshakeHash"/>, and what checking the WELCOME needs.
    /// </summary>
    public static Proof Prove(string user, string password, ReadOnlySpan<byte> loginParameters, ReadOnlySpan<byte> handshakeHash, LoginDevice? device = null)
    {
        Assert.True(LoginMessages.TryReadLoginParameters(loginParameters, out LoginParameters? parameters));
        byte[] secret = Derive(password, parameters!.Salt, parameters.Parameters);
        var authMessage = new byte[LoginProof.MaxAuthMessageLength];
        int authLength = LoginProof.WriteAuthMessage(user, parameters.Salt, parameters.Parameters, handshakeHash, authMessage);
        var proof = new byte[LoginProof.KeyLength];
        LoginProof.ComputeClientProof(secret, authMessage.AsSpan(0, authLength), proof);
        var body = new byte[ChannelWire.MaxSealedBody];
        int length = LoginMessages.WriteLoginProof(body, new LoginProofMessage(user, proof) { Device = device });
        return new Proof(body[..length], secret, authMessage[..authLength]);
    }

    /// <summary>A LOGIN_PROOF body and the secret and auth message that check the server's WELCOME.</summary>
    internal sealed record Proof(byte[] Body, byte[] Secret, byte[] AuthMessage)
    {
        /// <summary>True when <paramref name="welcome"/> (a WELCOME body) carries the server's signature over this login.</summary>
        public bool Verifies(ReadOnlySpan<byte> welcome) =>
            LoginMessages.TryReadWelcome(welcome, out ReadOnlySpan<byte> signature) && LoginProof.VerifyServerSignature(Secret, AuthMessage, signature);
    }

    private static byte[] Derive(string password, byte[] salt, Argon2idParameters parameters)
    {
        var secret = new byte[Argon2idParameters.OutputLength];
        Argon2idPasswordHash.Derive(password, salt, parameters, secret);
        return secret;
    }
}
