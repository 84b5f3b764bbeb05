using System.Net;
using UdpSuite.Client.Discovery;

namespace UdpSuite.Client.Tests.Discovery;

public sealed class ServerFinderTests
{
    [Theory]
    [InlineData("192.168.1.23", "255.255.255.0", "192.168.1.255")]
    [InlineData("10.1.2.3", "255.0.0.0", "10.255.255.255")]
    [InlineData("172.16.5.9", "255.255.240.0", "172.16.15.255")]
    public void The_directed_broadcast_sets_every_host_bit(string address, string mask, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), ServerFinder.DirectedBroadcast(IPAddress.Parse(address), IPAddress.Parse(mask)));

    [Fact]
    public void Broadcast_targets_start_with_the_limited_broadcast_and_never_include_loopback()
    {
        IReadOnlyList<IPEndPoint> targets = ServerFinder.BroadcastTargets(8082);

        Assert.Equal(new IPEndPoint(IPAddress.Broadcast, 8082), targets[0]);
        Assert.DoesNotContain(targets, t => t.Address.GetAddressBytes()[0] == 127);
        Assert.Equal(targets.Count, targets.Distinct().Count());
    }
}
