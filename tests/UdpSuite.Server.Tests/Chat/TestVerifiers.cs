using System.Security.Cryptography;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>Password verifiers for store tests, with the cheap Argon2id parameters of test accounts.</summary>
internal static class TestVerifiers
{
    public static PasswordVerifier Create(string password)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(Argon2idParameters.SaltLength);
        var secret = new byte[Argon2idParameters.OutputLength];
        Argon2idPasswordHash.Derive(password, salt, ChatTestPeer.PasswordHash, secret);
        return LoginProof.CreateVerifier(secret, salt, ChatTestPeer.PasswordHash);
    }
}
