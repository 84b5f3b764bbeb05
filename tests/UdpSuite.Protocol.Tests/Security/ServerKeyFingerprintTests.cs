using UdpSuite.Protocol.Security;

namespace UdpSuite.Protocol.Tests.Security;

public sealed class ServerKeyFingerprintTests
{
    private static readonly byte[] PublicKey = Convert.FromHexString("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");

    [Fact]
    public void Formats_as_OpenSSH_does_SHA256_prefix_and_unpadded_base64()
    {
        // Expected value computed independently: python3 base64.b64encode(hashlib.sha256(key).digest()).rstrip('=').
        ServerKeyFingerprint fingerprint = ServerKeyFingerprint.Of(PublicKey);
        Assert.Equal("SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja4", fingerprint.ToString());
        Assert.Equal(ServerKeyFingerprint.TextLength, fingerprint.ToString().Length);
    }

    [Fact]
    public void Parses_its_own_text_and_matches_only_its_key()
    {
        Assert.True(ServerKeyFingerprint.TryParse("SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja4", out ServerKeyFingerprint? parsed));
        Assert.Equal(ServerKeyFingerprint.Of(PublicKey), parsed);
        Assert.True(parsed.Matches(PublicKey));
        byte[] other = (byte[])PublicKey.Clone();
        other[0] ^= 1;
        Assert.False(parsed.Matches(other));
        Assert.True(ServerKeyFingerprint.TryParse("SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja4=", out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja4")]
    [InlineData("sha256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja4")]
    [InlineData("SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja")]
    [InlineData("SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja4A")]
    [InlineData("SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja5")]
    [InlineData("SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0J!4")]
    [InlineData("SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja4 ")]
    public void Rejects_anything_else(string? text) =>
        Assert.False(ServerKeyFingerprint.TryParse(text, out _));
}
