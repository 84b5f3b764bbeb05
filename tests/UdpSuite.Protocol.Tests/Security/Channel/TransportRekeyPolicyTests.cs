using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Protocol.Tests.Security.Channel;

public sealed class TransportRekeyPolicyTests
{
    [Theory]
    [InlineData(0UL, 0, KeyRenewal.Current)]
    [InlineData((1UL << 31) - 1, 22, KeyRenewal.Current)]
    [InlineData(1UL << 31, 0, KeyRenewal.RenewNow)]
    [InlineData(5UL, 23, KeyRenewal.RenewNow)]
    [InlineData((1UL << 32) - 1, 23, KeyRenewal.RenewNow)]
    [InlineData(1UL << 32, 0, KeyRenewal.Expired)]
    [InlineData(0UL, 24, KeyRenewal.Expired)]
    public void Default_renews_before_2_to_the_32_datagrams_or_24_hours(ulong datagrams, int hours, KeyRenewal expected) =>
        Assert.Equal(expected, TransportRekeyPolicy.Default.Evaluate(datagrams, TimeSpan.FromHours(hours)));

    [Fact]
    public void Limits_beyond_the_protocols_promise_or_out_of_order_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new TransportRekeyPolicy(10, TimeSpan.FromHours(1), (1UL << 32) + 1, TimeSpan.FromHours(2)));
        Assert.Throws<ArgumentException>(() => new TransportRekeyPolicy(10, TimeSpan.FromHours(1), 100, TimeSpan.FromHours(25)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransportRekeyPolicy(100, TimeSpan.FromHours(1), 100, TimeSpan.FromHours(2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransportRekeyPolicy(10, TimeSpan.FromHours(2), 100, TimeSpan.FromHours(2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransportRekeyPolicy(0, TimeSpan.FromHours(1), 100, TimeSpan.FromHours(2)));
    }
}
