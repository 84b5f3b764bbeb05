using System.Net;
using System.Net.Sockets;
using UdpSuite.Chat.Tests.Support;

namespace UdpSuite.Chat.Tests.Client;

public sealed class LossyUdpProxyTests
{
    [Fact]
    public async Task The_proxy_drops_duplicates_and_delays_roughly_at_the_configured_rates_and_relays_replies()
    {
        using var echo = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        echo.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Task echoing = Task.Run(async () =>
        {
            byte[] buffer = new byte[2048];
            try
            {
                while (true)
                {
                    SocketReceiveFromResult r = await echo.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stop.Token);
                    await echo.SendToAsync(buffer.AsMemory(0, r.ReceivedBytes), SocketFlags.None, r.RemoteEndPoint, stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // Test over.
            }
        });

        await using var proxy = new LossyUdpProxy((IPEndPoint)echo.LocalEndPoint!, NetworkImpairment.Hostile, seed: 7);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(proxy.Endpoint);
        const int Count = 2000;
        var received = new List<int>();
        Task receiving = Task.Run(async () =>
        {
            byte[] buffer = new byte[16];
            try
            {
                while (true)
                {
                    int n = await client.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                    received.Add(BitConverter.ToInt32(buffer, 0));
                }
            }
            catch (OperationCanceledException)
            {
                // Test over.
            }
        });
        for (int k = 0; k < Count; k++)
        {
            client.Send(BitConverter.GetBytes(k));
            if (k % 100 == 0)
            {
                await Task.Delay(1);
            }
        }

        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(echoing, receiving);

        // Two hops, each dropping 30%: about 49% come back, plus duplicates; some overtaken.
        double share = (double)received.Distinct().Count() / Count;
        Assert.InRange(share, 0.40, 0.58);
        Assert.True(received.Count > received.Distinct().Count(), "some datagrams should arrive twice");
        Assert.True(received.Zip(received.Skip(1)).Any(p => p.Second < p.First), "some datagrams should be reordered");
        Assert.InRange((double)proxy.Dropped / (proxy.Dropped + proxy.Forwarded - proxy.Duplicated), 0.25, 0.35);
    }

    [Fact]
    public async Task Flipping_changes_one_byte_in_about_10_percent_of_the_datagrams_each_way_and_loses_none()
    {
        using var echo = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        echo.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Task echoing = Task.Run(async () =>
        {
            byte[] buffer = new byte[2048];
            try
            {
                while (true)
                {
                    SocketReceiveFromResult r = await echo.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stop.Token);
                    await echo.SendToAsync(buffer.AsMemory(0, r.ReceivedBytes), SocketFlags.None, r.RemoteEndPoint, stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // Test over.
            }
        });

        await using var proxy = new LossyUdpProxy((IPEndPoint)echo.LocalEndPoint!, NetworkImpairment.Flipping, seed: 11);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(proxy.Endpoint);
        const int Count = 2000;
        const int Length = 64;
        byte[] buffer = new byte[Length + 1];
        var changedBytes = new List<int>();
        for (int k = 0; k < Count; k++)
        {
            client.Send(new byte[Length]); // one at a time: a burst could overflow a socket buffer, which is not the proxy's loss
            int n = await client.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
            Assert.Equal(Length, n);
            changedBytes.Add(buffer.Take(n).Count(b => b != 0));
        }

        await stop.CancelAsync();
        await echoing;

        // Each way about 10%; a datagram flipped both ways has two bytes changed (or none, when the second flip undid the first).
        Assert.InRange(proxy.FlippedToServer, Count * 0.07, Count * 0.13);
        Assert.InRange(proxy.FlippedToClient, Count * 0.07, Count * 0.13);
        Assert.All(changedBytes, changed => Assert.InRange(changed, 0, 2));
        Assert.InRange(changedBytes.Count(c => c > 0), Count * 0.14, Count * 0.24);
        Assert.Equal(0, proxy.Dropped);
    }
}
