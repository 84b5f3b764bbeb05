using System.Security.Cryptography;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Protocol.Tests.Security.Channel.Login;

/// <summary>
/// The v2 login computation. The pinned values were computed independently (Python's hmac and hashlib from the layout
/// in LoginProof's summary) for: secret = bytes 0x20..0x3F, user "alice", salt = 0x00..0x0F, m = 19456 KiB, t = 2,
/// p = 1, handshake hash = SHA-256("handshake").
/// </summary>
public sealed class LoginProofTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(0x20, 32).Select(i => (byte)i)];
    private static readonly byte[] Salt = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];
    private static readonly Argon2idParameters Parameters = Argon2idParameters.OwaspMinimum;
    private static readonly byte[] HandshakeHash = SHA256.HashData("handshake"u8);
    private static readonly byte[] OtherHandshakeHash = SHA256.HashData("another handshake"u8);

    [Fact]
    public void Verifier_auth_message_proof_and_signature_match_the_pinned_vector()
    {
        PasswordVerifier verifier = LoginProof.CreateVerifier(Secret, Salt, Parameters);
        Assert.Equal("37c19b79cb46e9cdfbcdf0a4d0999b2180d4152a1643edf70d6b5aef2d8d70f9", Convert.ToHexStringLower(verifier.StoredKey));
        Assert.Equal("59dab0b9b4791c070ae13065a16a0932e69c758d37f0a4bd7f83fdefd40e33d8", Convert.ToHexStringLower(verifier.ServerKey));

        byte[] authMessage = AuthMessage(HandshakeHash);
        Assert.Equal(
            "55647053756974652d76322d6c6f67696e05616c696365000102030405060708090a0b0c0d0e0f00004c000000000201dfff30d188055f20aaa1610f29102805528465bbad91709ded764e8899f5ad2b",
            Convert.ToHexStringLower(authMessage));

        byte[] proof = new byte[32];
        LoginProof.ComputeClientProof(Secret, authMessage, proof);
        Assert.Equal("30ec38b6b6fc8c41c953dbdfd35cf8c3c6f9fabbad19f8c897a051eecb40a0cb", Convert.ToHexStringLower(proof));

        byte[] signature = new byte[32];
        LoginProof.ComputeServerSignature(verifier, authMessage, signature);
        Assert.Equal("b5263953e5f305beec7704fa0b634ced34a539171f738526095c09d6fcec37d6", Convert.ToHexStringLower(signature));

        byte[] otherProof = new byte[32];
        LoginProof.ComputeClientProof(Secret, AuthMessage(OtherHandshakeHash), otherProof);
        Assert.Equal("622997739bde62b4e40d715432407c43a732df2001b6a42cd2950bf88b364a2b", Convert.ToHexStringLower(otherProof));
    }

    [Fact]
    public void The_server_accepts_the_proof_and_the_client_accepts_the_signature_round_trip()
    {
        PasswordVerifier verifier = LoginProof.CreateVerifier(Secret, Salt, Parameters);
        byte[] authMessage = AuthMessage(HandshakeHash);
        byte[] proof = new byte[32];
        LoginProof.ComputeClientProof(Secret, authMessage, proof);
        Assert.True(LoginProof.VerifyClientProof(verifier, authMessage, proof));

        byte[] signature = new byte[32];
        LoginProof.ComputeServerSignature(verifier, authMessage, signature);
        Assert.True(LoginProof.VerifyServerSignature(Secret, authMessage, signature));
    }

    [Fact]
    public void A_proof_replayed_into_another_handshake_is_refused()
    {
        PasswordVerifier verifier = LoginProof.CreateVerifier(Secret, Salt, Parameters);
        byte[] proof = new byte[32];
        LoginProof.ComputeClientProof(Secret, AuthMessage(HandshakeHash), proof);
        Assert.False(LoginProof.VerifyClientProof(verifier, AuthMessage(OtherHandshakeHash), proof));

        byte[] signature = new byte[32];
        LoginProof.ComputeServerSignature(verifier, AuthMessage(HandshakeHash), signature);
        Assert.False(LoginProof.VerifyServerSignature(Secret, AuthMessage(OtherHandshakeHash), signature));
    }

    [Fact]
    public void Every_flipped_bit_of_proof_or_signature_is_refused_and_so_is_a_wrong_password()
    {
        PasswordVerifier verifier = LoginProof.CreateVerifier(Secret, Salt, Parameters);
        byte[] authMessage = AuthMessage(HandshakeHash);
        byte[] proof = new byte[32];
        byte[] signature = new byte[32];
        LoginProof.ComputeClientProof(Secret, authMessage, proof);
        LoginProof.ComputeServerSignature(verifier, authMessage, signature);
        for (int bit = 0; bit < 256; bit++)
        {
            byte[] badProof = (byte[])proof.Clone();
            badProof[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(LoginProof.VerifyClientProof(verifier, authMessage, badProof));
            byte[] badSignature = (byte[])signature.Clone();
            badSignature[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(LoginProof.VerifyServerSignature(Secret, authMessage, badSignature));
        }

        byte[] wrongSecret = (byte[])Secret.Clone();
        wrongSecret[0] ^= 1;
        LoginProof.ComputeClientProof(wrongSecret, authMessage, proof);
        Assert.False(LoginProof.VerifyClientProof(verifier, authMessage, proof));
        Assert.False(LoginProof.VerifyClientProof(verifier, authMessage, proof.AsSpan(0, 31)));
    }

    [Fact]
    public void Every_field_of_the_auth_message_changes_the_proof()
    {
        byte[] baseline = AuthMessage(HandshakeHash);
        byte[] otherSalt = (byte[])Salt.Clone();
        otherSalt[0] ^= 1;
        byte[][] variants =
        [
            Write("alicf", Salt, Parameters, HandshakeHash),
            Write("alice", otherSalt, Parameters, HandshakeHash),
            Write("alice", Salt, new Argon2idParameters(Parameters.MemoryKiB + 1, 2, 1), HandshakeHash),
            Write("alice", Salt, new Argon2idParameters(Parameters.MemoryKiB, 3, 1), HandshakeHash),
            Write("alice", Salt, Parameters, OtherHandshakeHash),
        ];
        foreach (byte[] variant in variants)
        {
            Assert.NotEqual(baseline, variant);
        }
    }

    [Fact]
    public void Decoy_salts_are_stable_per_name_and_match_the_pinned_value()
    {
        byte[] serverSecret = Enumerable.Repeat((byte)1, 32).ToArray();
        byte[] salt = new byte[16];
        LoginProof.DecoySalt(serverSecret, "mallory", salt);
        Assert.Equal("463858788ee394bccaa0f4b97bdbfed3", Convert.ToHexStringLower(salt));
        byte[] other = new byte[16];
        LoginProof.DecoySalt(serverSecret, "mallorz", other);
        Assert.NotEqual(salt, other);
    }

    [Fact]
    public void Secret_from_argon2id_logs_in_end_to_end()
    {
        // The cheapest parameters libsodium computes: the Argon2id step itself is tested in Argon2idTests.
        var cheap = new Argon2idParameters(8, 1, 1);
        byte[] secret = new byte[32];
        Argon2idPasswordHash.Derive("correct horse battery staple", Salt, cheap, secret);
        PasswordVerifier verifier = LoginProof.CreateVerifier(secret, Salt, cheap);
        byte[] authMessage = Write("alice", Salt, cheap, HandshakeHash);
        byte[] proof = new byte[32];
        LoginProof.ComputeClientProof(secret, authMessage, proof);
        Assert.True(LoginProof.VerifyClientProof(verifier, authMessage, proof));

        Argon2idPasswordHash.Derive("correct horse battery stapler", Salt, cheap, secret);
        LoginProof.ComputeClientProof(secret, authMessage, proof);
        Assert.False(LoginProof.VerifyClientProof(verifier, authMessage, proof));
    }

    private static byte[] AuthMessage(byte[] handshakeHash) => Write("alice", Salt, Parameters, handshakeHash);

    private static byte[] Write(string user, byte[] salt, Argon2idParameters parameters, byte[] handshakeHash)
    {
        byte[] buffer = new byte[LoginProof.MaxAuthMessageLength];
        int length = LoginProof.WriteAuthMessage(user, salt, parameters, handshakeHash, buffer);
        return buffer[..length];
    }
}
