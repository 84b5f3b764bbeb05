using System.Net;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.RateLimit;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>
/// The chat listener's per-source and per-account limits, in-process on a fake clock (the clock never moves here, so
/// exactly one notice per flooder is expected): excess dropped and counted, one SLOW_DOWN, everyone else unaffected.
/// </summary>
public class ChatRateLimitTests
{
    private static readonly IPAddress FlooderAddress = IPAddress.Parse("127.0.0.3");

    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private static async Task<ChatTestPeer> LoggedIn(ChatTestServer server, string user, IPAddress? local = null)
    {
        var peer = new ChatTestPeer(server.Endpoint, user, local);
        Assert.Null(await peer.RegisterAsync("pw"));
        Assert.Null(await peer.LoginAsync("pw"));
        server.Tick(); // loads the (empty) backlog
        return peer;
    }

    [Fact]
    public async Task A_hello_flood_from_one_source_is_capped_with_one_slow_down_and_another_source_still_logs_in()
    {
        var limits = new ChatRateLimitOptions { PerSourcePerSecond = 1, PerSourceBurst = 20 };
        await using var server = ChatTestServer.Start(rateLimits: limits);
        using var flooder = new ChatTestPeer(server.Endpoint, "flooder", FlooderAddress);
        byte[] hello = new byte[ChatWire.MaxDatagram];
        int helloLength = HandshakeCodec.WriteHello(hello, "flooder", new byte[ChatWire.NonceLength]);
        const int Sent = 300;
        int challenges = 0;
        int slowDowns = 0;
        for (int sent = 0; sent < Sent;)
        {
            // In batches small enough for the socket buffers; the next batch goes once every HELLO so far is accounted
            // for: answered with a CHALLENGE, or refused over the limit (counted by the server).
            for (int i = 0; i < 10; i++, sent++)
            {
                flooder.SendRaw(hello.AsSpan(0, helloLength));
            }

            DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (challenges + server.Counters.Get(ChatRateLimitDropReasons.Source) < sent)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{challenges} challenges, {slowDowns} slow-downs, {server.Counters.Get(ChatRateLimitDropReasons.Source)} refused of {sent}");
                if (await flooder.ReceiveRawAsync(TimeSpan.FromMilliseconds(50)) is not { } reply)
                {
                    continue; // a silent drop is counted just after the handler returns: look again
                }

                Assert.True(ChatPrefix.TryRead(reply, out ChatMessageType type));
                if (type == ChatMessageType.Challenge)
                {
                    challenges++;
                }
                else
                {
                    Assert.True(HandshakeCodec.TryReadError(reply, out ErrorMessage error));
                    Assert.Equal(ChatErrorCode.SlowDown, error.Code);
                    Assert.True(AmplificationLimit.Allows(helloLength, reply.Length));
                    slowDowns++;
                }
            }
        }

        if (slowDowns == 0)
        {
            byte[]? notice = await flooder.ReceiveRawAsync(TimeSpan.FromSeconds(10));
            Assert.True(notice is not null && HandshakeCodec.TryReadError(notice, out ErrorMessage error) && error.Code == ChatErrorCode.SlowDown);
            slowDowns++;
        }

        long refused = server.Counters.Get(ChatRateLimitDropReasons.Source);
        Assert.InRange(refused, Sent - limits.PerSourceBurst - 1, Sent - limits.PerSourceBurst);
        Assert.Equal(1, server.Counters.Get(ChatRateLimitDropReasons.NoticeSent));
        Assert.Equal(refused, server.RateLimiter!.DroppedBySource);
        Assert.Equal((Sent - refused, 1), (challenges, slowDowns));
        Assert.Contains(server.Log, line => line.Contains("source 127.0.0.3 is over", StringComparison.Ordinal));

        // Another address has its own bucket: it registers and logs in as if nothing happened.
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        Assert.NotNull(alice.Keys);
    }

    [Fact]
    public async Task An_account_over_its_limit_gets_an_authenticated_slow_down_its_excess_is_dropped_and_another_account_is_unaffected()
    {
        var limits = new ChatRateLimitOptions { PerAccountPerSecond = 1, PerAccountBurst = 10 };
        await using var server = ChatTestServer.Start(rateLimits: limits);
        using ChatTestPeer carol = await LoggedIn(server, "carol");
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        using ChatTestPeer bob = await LoggedIn(server, "bob");

        const int Flood = 100; // few enough for the socket buffers: every one reaches the server
        for (int i = 0; i < Flood; i++)
        {
            alice.Send("carol", $"flood {i}");
        }

        Assert.True(await alice.WaitForAsync(() => alice.SlowDowns.Count == 1 && server.Counters.Get(ChatRateLimitDropReasons.Account) >= Flood - limits.PerAccountBurst - 1, Generous));
        Assert.Equal(RateLimitScope.Account, alice.SlowDowns[0].Scope);
        Assert.Equal(1000u, alice.SlowDowns[0].RetryAfterMilliseconds);
        long dropped = server.Counters.Get(ChatRateLimitDropReasons.Account);
        Assert.InRange(dropped, Flood - limits.PerAccountBurst - 1, Flood - limits.PerAccountBurst);
        Assert.True(await alice.WaitForAsync(() => alice.Receipts.Count(r => r.State == DeliveryState.Sent) == Flood - dropped, Generous));

        for (int i = 0; i < limits.PerAccountBurst; i++)
        {
            bob.Send("carol", $"bob {i}");
        }

        Assert.True(await bob.WaitForAsync(() => bob.Receipts.Count(r => r.State == DeliveryState.Sent) == limits.PerAccountBurst, Generous));
        Assert.Empty(bob.SlowDowns);
        Assert.True(await carol.WaitForAsync(() => carol.Deliveries.Count(d => d.From == "bob") == limits.PerAccountBurst, Generous, () => server.Tick()));
        Assert.Equal(Enumerable.Range(0, limits.PerAccountBurst).Select(i => $"bob {i}"), carol.Deliveries.Where(d => d.From == "bob").Select(d => d.Text));
        Assert.Contains(server.Log, line => line.Contains("account alice is over", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Log, line => line.Contains("account bob", StringComparison.Ordinal));
        Assert.Equal(0, alice.Unverifiable + bob.Unverifiable + carol.Unverifiable);
    }
}
