using System.Net;
using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Protocol.Tests.Security.Channel;

public sealed class AddressCookiesTests
{
    private static readonly IPEndPoint Source = new(IPAddress.Parse("127.0.1.5"), 40000);
    private static readonly byte[] Ephemeral = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Fact]
    public void A_cookie_is_valid_for_the_address_port_id_and_key_it_was_minted_for_only()
    {
        using var cookies = new AddressCookies(TimeSpan.Zero);
        byte[] cookie = new byte[16];
        cookies.Mint(Source, 11, Ephemeral, TimeSpan.Zero, cookie);
        Assert.True(cookies.IsValid(Source, 11, Ephemeral, cookie, TimeSpan.FromSeconds(1)));
        Assert.False(cookies.IsValid(new IPEndPoint(IPAddress.Parse("127.0.1.6"), 40000), 11, Ephemeral, cookie, TimeSpan.Zero));
        Assert.False(cookies.IsValid(new IPEndPoint(Source.Address, 40001), 11, Ephemeral, cookie, TimeSpan.Zero));
        Assert.False(cookies.IsValid(Source, 12, Ephemeral, cookie, TimeSpan.Zero));
        byte[] otherKey = (byte[])Ephemeral.Clone();
        otherKey[31] ^= 1;
        Assert.False(cookies.IsValid(Source, 11, otherKey, cookie, TimeSpan.Zero));
        cookie[0] ^= 0x80;
        Assert.False(cookies.IsValid(Source, 11, Ephemeral, cookie, TimeSpan.Zero));
        Assert.False(cookies.IsValid(Source, 11, Ephemeral, cookie.AsSpan(0, 15), TimeSpan.Zero));
    }

    [Fact]
    public void A_cookie_survives_one_rotation_and_dies_at_the_second()
    {
        var rotation = TimeSpan.FromMinutes(2);
        using var cookies = new AddressCookies(TimeSpan.Zero, rotation);
        byte[] cookie = new byte[16];
        cookies.Mint(Source, 1, Ephemeral, TimeSpan.FromSeconds(10), cookie);
        Assert.True(cookies.IsValid(Source, 1, Ephemeral, cookie, rotation + TimeSpan.FromSeconds(1)));
        Assert.False(cookies.IsValid(Source, 1, Ephemeral, cookie, (2 * rotation) + TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void After_a_long_silence_both_secrets_are_replaced()
    {
        using var cookies = new AddressCookies(TimeSpan.Zero);
        byte[] cookie = new byte[16];
        cookies.Mint(Source, 1, Ephemeral, TimeSpan.Zero, cookie);
        Assert.False(cookies.IsValid(Source, 1, Ephemeral, cookie, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Two_servers_mint_different_cookies()
    {
        using var first = new AddressCookies(TimeSpan.Zero);
        using var second = new AddressCookies(TimeSpan.Zero);
        byte[] cookie = new byte[16];
        first.Mint(Source, 1, Ephemeral, TimeSpan.Zero, cookie);
        Assert.False(second.IsValid(Source, 1, Ephemeral, cookie, TimeSpan.Zero));
    }
}
