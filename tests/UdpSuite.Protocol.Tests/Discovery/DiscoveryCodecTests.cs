using System.Net;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Discovery;
using UdpSuite.Protocol.Security;

namespace UdpSuite.Protocol.Tests.Discovery;

public sealed class DiscoveryCodecTests
{
    // RFC 7748 section 6.1, Alice's X25519 public key: the key of the documented example.
    private static readonly byte[] ServerKey = Convert.FromHexString("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");

    private static readonly DiscoveryEndpoint[] AllFive =
    [
        new(DiscoveryEndpointKind.Chat, 8081), new(DiscoveryEndpointKind.TimeText, 9000), new(DiscoveryEndpointKind.Sntp, 1123),
        new(DiscoveryEndpointKind.Rfc868, 1037), new(DiscoveryEndpointKind.Daytime, 1013),
    ];

    [Fact]
    public void Probe_is_48_bytes_with_the_prefix_and_nonce_then_zeros()
    {
        byte[] buffer = Enumerable.Repeat((byte)0xEE, 64).ToArray();
        int length = DiscoveryCodec.WriteProbe(buffer, 0x0102030405060708UL);
        Assert.Equal(DiscoveryWire.ProbeLength, length);
        Assert.Equal<byte>([0x55, 0x43, 0x01, 0x41, 1, 2, 3, 4, 5, 6, 7, 8], buffer[..12]);
        Assert.All(buffer[12..48], b => Assert.Equal(0, b));
        Assert.Equal(DiscoveryProbeVerdict.Probe, DiscoveryCodec.ReadProbe(buffer.AsSpan(0, length), out ulong nonce));
        Assert.Equal(0x0102030405060708UL, nonce);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x55, 0x43, 0x01, 0x08 })] // chat PROBE
    [InlineData(new byte[] { 0x55, 0x43, 0x02, 0x41, 0, 0, 0, 0, 0, 0, 0, 0 })] // another version
    [InlineData(new byte[] { 0x55, 0x43, 0x01, 0x42, 0, 0, 0, 0, 0, 0, 0, 0 })] // a reply: never answered (no loops between servers)
    [InlineData(new byte[] { (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' })]
    public void Anything_but_a_discover_is_not_a_probe(byte[] datagram) =>
        Assert.Equal(DiscoveryProbeVerdict.NotProbe, DiscoveryCodec.ReadProbe(datagram, out _));

    [Fact]
    public void A_discover_without_its_padding_is_too_short()
    {
        byte[] probe = new byte[DiscoveryWire.ProbeLength];
        DiscoveryCodec.WriteProbe(probe, 7);
        Assert.Equal(DiscoveryProbeVerdict.TooShort, DiscoveryCodec.ReadProbe(probe.AsSpan(0, DiscoveryWire.ProbeLength - 1), out _));
        Assert.Equal(DiscoveryProbeVerdict.Probe, DiscoveryCodec.ReadProbe([.. probe, 1, 2, 3], out ulong nonce));
        Assert.Equal(7UL, nonce);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("10.200.7.1")]
    [InlineData("fd00::1")]
    public void Answer_round_trips(string? address)
    {
        var answer = new DiscoveryAnswer(0xCAFEUL, "狗哥's server", address is null ? null : IPAddress.Parse(address), AllFive, ServerKey);
        byte[] buffer = new byte[DiscoveryWire.MaxAnswerLength];
        int length = DiscoveryCodec.WriteAnswer(buffer, answer);
        Assert.True(DiscoveryCodec.TryReadAnswer(buffer.AsSpan(0, length), out DiscoveryAnswer read));
        Assert.Equal(answer.Nonce, read.Nonce);
        Assert.Equal(answer.ServerName, read.ServerName);
        Assert.Equal(answer.Address, read.Address);
        Assert.Equal(AllFive, read.Endpoints);
        Assert.Equal(ServerKey, read.ServerKey.ToArray());
    }

    [Fact]
    public void Answer_layout_matches_the_documented_example()
    {
        // docs/PROTOCOL.md: server "lab", bound to every address, chat 8081 and SNTP 1123, nonce 1, the RFC 7748 key.
        var answer = new DiscoveryAnswer(1, "lab", IPAddress.Any, [new(DiscoveryEndpointKind.Chat, 8081), new(DiscoveryEndpointKind.Sntp, 1123)], ServerKey);
        byte[] buffer = new byte[DiscoveryWire.MaxAnswerLength];
        int length = DiscoveryCodec.WriteAnswer(buffer, answer);
        Assert.Equal("55-43-01-42-00-00-00-00-00-00-00-01-03-6C-61-62-00-02-01-1F-91-03-04-63-" + BitConverter.ToString(ServerKey), BitConverter.ToString(buffer, 0, length));
        Assert.Equal(56, length);
        Assert.Equal("SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja4", ServerKeyFingerprint.Of(ServerKey).ToString());
    }

    [Fact]
    public void Stamping_a_nonce_changes_only_the_nonce()
    {
        byte[] buffer = new byte[DiscoveryWire.MaxAnswerLength];
        int length = DiscoveryCodec.WriteAnswer(buffer, new DiscoveryAnswer(0, "s", null, AllFive, ServerKey));
        DiscoveryCodec.StampNonce(buffer, 42);
        Assert.True(DiscoveryCodec.TryReadAnswer(buffer.AsSpan(0, length), out DiscoveryAnswer read));
        Assert.Equal(42UL, read.Nonce);
        Assert.Equal("s", read.ServerName);
    }

    [Fact]
    public void Long_names_are_cut_at_a_character_boundary_to_64_bytes()
    {
        string name = new string('x', 63) + "狗狗"; // 63 + 3 + 3 bytes
        byte[] buffer = new byte[DiscoveryWire.MaxAnswerLength];
        int length = DiscoveryCodec.WriteAnswer(buffer, new DiscoveryAnswer(0, name, null, [], ServerKey));
        Assert.True(DiscoveryCodec.TryReadAnswer(buffer.AsSpan(0, length), out DiscoveryAnswer read));
        Assert.Equal(new string('x', 63), read.ServerName);
        Assert.Equal("ab", DiscoveryCodec.TruncateUtf8("ab😀", 5)); // never half a surrogate pair
    }

    [Fact]
    public void The_largest_answer_is_151_bytes_within_three_times_the_probe_headers_counted()
    {
        DiscoveryEndpoint[] eight = [.. Enumerable.Range(1, DiscoveryWire.MaxEndpoints).Select(i => new DiscoveryEndpoint((DiscoveryEndpointKind)i, 65535))];
        var largest = new DiscoveryAnswer(ulong.MaxValue, new string('x', 100), IPAddress.Parse("fd00::1"), eight, ServerKey);
        byte[] buffer = new byte[256];
        int length = DiscoveryCodec.WriteAnswer(buffer, largest);
        Assert.Equal(DiscoveryWire.MaxAnswerLength, length);
        Assert.Equal(151, length);
        Assert.True(length + AmplificationLimit.HeaderBytes <= 3 * (DiscoveryWire.ProbeLength + AmplificationLimit.HeaderBytes));
        Assert.True(AmplificationLimit.Allows(DiscoveryWire.ProbeLength, length));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void An_answer_needs_a_32_byte_key(int keyLength) =>
        Assert.Throws<ArgumentException>(() => DiscoveryCodec.WriteAnswer(new byte[256], new DiscoveryAnswer(0, "s", null, AllFive, new byte[keyLength])));

    [Fact]
    public void An_answer_without_the_key_or_with_half_of_it_is_refused_and_bytes_after_it_are_ignored()
    {
        byte[] buffer = new byte[DiscoveryWire.MaxAnswerLength + 8];
        int length = DiscoveryCodec.WriteAnswer(buffer, new DiscoveryAnswer(3, "s", null, AllFive, ServerKey));
        Assert.False(DiscoveryCodec.TryReadAnswer(buffer.AsSpan(0, length - DiscoveryWire.ServerKeyLength), out _)); // a version-1 answer
        Assert.False(DiscoveryCodec.TryReadAnswer(buffer.AsSpan(0, length - 1), out _));
        Assert.True(DiscoveryCodec.TryReadAnswer(buffer.AsSpan(0, length + 8), out DiscoveryAnswer read));
        Assert.Equal(ServerKey, read.ServerKey.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x55, 0x43, 0x01, 0x42 })]
    [InlineData(new byte[] { 0x55, 0x43, 0x01, 0x42, 0, 0, 0, 0, 0, 0, 0, 1, 0 })] // empty name
    [InlineData(new byte[] { 0x55, 0x43, 0x01, 0x42, 0, 0, 0, 0, 0, 0, 0, 1, 1, (byte)'a', 9 })] // unknown address family
    [InlineData(new byte[] { 0x55, 0x43, 0x01, 0x42, 0, 0, 0, 0, 0, 0, 0, 1, 1, (byte)'a', 0, 2, 1, 0x1F })] // truncated endpoints
    [InlineData(new byte[] { 0x55, 0x43, 0x01, 0x41, 0, 0, 0, 0, 0, 0, 0, 1, 1, (byte)'a', 0, 0 })] // a probe, not an answer
    public void Malformed_answers_are_refused(byte[] datagram) => Assert.False(DiscoveryCodec.TryReadAnswer(datagram, out _));

    [Fact]
    public void Slow_down_body_round_trips()
    {
        byte[] body = new byte[SlowDownBody.Length];
        new SlowDownBody(RateLimitScope.Account, 250).Write(body);
        Assert.Equal<byte>([2, 0, 0, 0, 250], body);
        Assert.True(SlowDownBody.TryRead(body, out SlowDownBody read));
        Assert.Equal(new SlowDownBody(RateLimitScope.Account, 250), read);
        Assert.False(SlowDownBody.TryRead([3, 0, 0, 0, 1], out _));
        Assert.False(SlowDownBody.TryRead([1, 0, 0], out _));
    }
}
