using System.Net;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
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
    public async Task An_opening_flood_from_one_source_is_capped_silently_and_another_source_still_logs_in()
    {
        var limits = new ChatRateLimitOptions { PerSourcePerSecond = 1, PerSourceBurst = 20 };
        await using var server = ChatTestServer.Start(rateLimits: limits);
        using var flooder = new ChatTestPeer(server.Endpoint, "flooder", FlooderAddress);
        var opening = new byte[ChannelWire.InitiationLength];
        using (var channel = new ChannelClient())
        {
            channel.Start(TimeSpan.Zero, opening);
        }

        const int Sent = 300;
        int responses = 0;
        for (int sent = 0; sent < Sent;)
        {
            // In batches small enough for the socket buffers; the next batch goes once every opening so far is accounted
            // for: answered (the same RESPONSE for the same opening), or refused over the limit (counted by the server).
            for (int i = 0; i < 10; i++, sent++)
            {
                flooder.SendRaw(opening);
            }

            DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (responses + server.Counters.Get(ChatRateLimitDropReasons.Source) < sent)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{responses} responses, {server.Counters.Get(ChatRateLimitDropReasons.Source)} refused of {sent}");
                if (await flooder.ReceiveRawAsync(TimeSpan.FromMilliseconds(50)) is not { } reply)
                {
                    continue; // a silent drop is counted just after the handler returns: look again
                }

                Assert.Equal(PrefixKind.Version2, ChannelPrefix.Classify(reply, out ChannelDatagramType type));
                Assert.Equal(ChannelDatagramType.Response, type);
                responses++;
            }
        }

        long refused = server.Counters.Get(ChatRateLimitDropReasons.Source);
        Assert.InRange(refused, Sent - limits.PerSourceBurst - 1, Sent - limits.PerSourceBurst);
        Assert.Equal(0, server.Counters.Get(ChatRateLimitDropReasons.NoticeSent)); // no clear notice a spoofed source could aim
        Assert.Equal(refused, server.RateLimiter!.DroppedBySource);
        Assert.Equal(Sent - refused, responses);
        Assert.Equal(1, server.Handler.PendingLoginCount); // one opening, however often repeated, is one pending handshake
        Assert.Contains(server.Log, line => line.Contains("source 127.0.0.3 is over", StringComparison.Ordinal));

        // Another address has its own bucket: it registers and logs in as if nothing happened.
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        Assert.True(alice.IsLoggedIn);
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
