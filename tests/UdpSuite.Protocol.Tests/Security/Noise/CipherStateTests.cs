using System.Buffers.Binary;
using System.Security.Cryptography;
using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Protocol.Tests.Security.Noise;

public sealed class CipherStateTests
{
    private static readonly byte[] Key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    [Fact]
    public void Sealing_matches_IETF_ChaCha20_Poly1305_with_Noises_nonce_layout()
    {
        using var cipher = new CipherState(Key);
        byte[] plaintext = RandomNumberGenerator.GetBytes(50);
        byte[] associatedData = [1, 2, 3];
        byte[] sealedText = new byte[plaintext.Length + 16];
        cipher.EncryptWithNonce(0x0102030405060708, associatedData, plaintext, sealedText);

        // Independent check with the BCL: nonce = 4 zero bytes + little-endian 64-bit counter (Noise §12.3).
        byte[] nonce = new byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(nonce.AsSpan(4), 0x0102030405060708);
        byte[] expected = new byte[plaintext.Length];
        byte[] tag = new byte[16];
        using var reference = new ChaCha20Poly1305(Key);
        reference.Encrypt(nonce, plaintext, expected, tag, associatedData);
        Assert.Equal([.. expected, .. tag], sealedText);
    }

    [Fact]
    public void A_wrong_nonce_associated_data_or_flipped_byte_does_not_open()
    {
        using var cipher = new CipherState(Key);
        byte[] sealedText = new byte[26];
        cipher.EncryptWithNonce(7, [9], new byte[10], sealedText);
        byte[] plaintext = new byte[10];
        Assert.False(cipher.TryDecryptWithNonce(8, [9], sealedText, plaintext, out _));
        Assert.False(cipher.TryDecryptWithNonce(7, [8], sealedText, plaintext, out _));
        sealedText[3] ^= 1;
        Assert.False(cipher.TryDecryptWithNonce(7, [9], sealedText, plaintext, out _));
        Assert.False(cipher.TryDecryptWithNonce(7, [9], sealedText.AsSpan(0, 15), plaintext, out _));
        sealedText[3] ^= 1;
        Assert.True(cipher.TryDecryptWithNonce(7, [9], sealedText, plaintext, out int length));
        Assert.Equal(10, length);
    }

    [Fact]
    public void Sealing_in_place_works()
    {
        using var cipher = new CipherState(Key);
        byte[] buffer = new byte[40];
        buffer.AsSpan(0, 24).Fill(0x5A);
        cipher.EncryptWithNonce(1, [], buffer.AsSpan(0, 24), buffer);
        Assert.True(cipher.TryDecryptWithNonce(1, [], buffer, buffer, out int length));
        Assert.All(buffer[..length], b => Assert.Equal(0x5A, b));
    }

    [Fact]
    public void The_counter_advances_only_on_success_and_the_reserved_nonce_is_never_used()
    {
        using var sender = new CipherState(Key);
        using var receiver = new CipherState(Key);
        byte[] sealedText = new byte[20];
        sender.EncryptWithAd([], [1, 2, 3, 4], sealedText);
        Assert.Equal(1UL, sender.Nonce);
        sealedText[0] ^= 1;
        Assert.False(receiver.TryDecryptWithAd([], sealedText, new byte[4], out _));
        Assert.Equal(0UL, receiver.Nonce);
        sealedText[0] ^= 1;
        Assert.True(receiver.TryDecryptWithAd([], sealedText, new byte[4], out _));
        Assert.Equal(1UL, receiver.Nonce);

        Assert.Throws<InvalidOperationException>(() => sender.EncryptWithNonce(ulong.MaxValue, [], [], new byte[16]));
        Assert.False(receiver.TryDecryptWithNonce(ulong.MaxValue, [], new byte[16], [], out _));
    }

    [Fact]
    public void Without_a_key_the_cipher_is_the_identity_as_Noise_specifies()
    {
        using var cipher = new CipherState();
        Assert.False(cipher.HasKey);
        byte[] output = new byte[3];
        Assert.Equal(3, cipher.EncryptWithAd([9], [1, 2, 3], output));
        Assert.Equal([1, 2, 3], output);
        Assert.Throws<InvalidOperationException>(() => cipher.EncryptWithNonce(0, [], [1], new byte[17]));
    }

    [Fact]
    public void Rekey_follows_the_spec_formula_keeps_the_counter_and_both_sides_stay_in_step()
    {
        using var sender = new CipherState(Key);
        using var receiver = new CipherState(Key);
        byte[] sealedText = new byte[17];
        sender.EncryptWithAd([], [1], sealedText);
        Assert.True(receiver.TryDecryptWithAd([], sealedText, new byte[1], out _));

        sender.Rekey();
        receiver.Rekey();
        Assert.Equal(1UL, sender.Nonce);

        // REKEY(k) = first 32 bytes of ENCRYPT(k, 2^64-1, empty, 32 zeros) (Noise §4.2), computed here with the BCL.
        byte[] nonce = [0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        byte[] nextKey = new byte[32];
        using (var reference = new ChaCha20Poly1305(Key))
        {
            reference.Encrypt(nonce, new byte[32], nextKey, new byte[16]);
        }

        using var expected = new CipherState(nextKey);
        byte[] fromSender = new byte[21];
        byte[] fromExpected = new byte[21];
        sender.EncryptWithNonce(5, [], [1, 2, 3, 4, 5], fromSender);
        expected.EncryptWithNonce(5, [], [1, 2, 3, 4, 5], fromExpected);
        Assert.Equal(fromExpected, fromSender);
        Assert.True(receiver.TryDecryptWithNonce(5, [], fromSender, new byte[5], out _));

        using var stale = new CipherState(Key);
        Assert.False(stale.TryDecryptWithNonce(5, [], fromSender, new byte[5], out _));
    }

    [Fact]
    public void CreateRekeyed_gives_the_next_key_and_leaves_the_current_one_working()
    {
        using var current = new CipherState(Key);
        using CipherState next = current.CreateRekeyed();
        using var rekeyedInPlace = new CipherState(Key);
        rekeyedInPlace.Rekey();

        byte[] fromNext = new byte[17];
        byte[] fromInPlace = new byte[17];
        next.EncryptWithNonce(3, [], [42], fromNext);
        rekeyedInPlace.EncryptWithNonce(3, [], [42], fromInPlace);
        Assert.Equal(fromInPlace, fromNext);
        Assert.Equal(0UL, next.Nonce);

        byte[] fromCurrent = new byte[17];
        current.EncryptWithNonce(3, [], [42], fromCurrent);
        Assert.NotEqual(fromNext, fromCurrent);
        using var original = new CipherState(Key);
        Assert.True(original.TryDecryptWithNonce(3, [], fromCurrent, new byte[1], out _));
    }

    [Fact]
    public void A_disposed_cipher_refuses_to_work()
    {
        var cipher = new CipherState(Key);
        cipher.Dispose();
        Assert.Throws<ObjectDisposedException>(() => cipher.EncryptWithNonce(0, [], [], new byte[16]));
    }
}
