using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Tests.Integration;
using Xunit.Abstractions;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>
/// The must-show: against a real <c>udpsuite server</c>, account "flooder" (from 127.0.0.2) submits DATA as fast as it can,
/// up to a bounded count, while "bob" sends 200 messages to "carol" with the real client library (from 127.0.0.1). Every one
/// of bob's messages reaches carol exactly once, bob is never told to slow down, the flooder gets SLOW_DOWN notices, and the
/// server drops its excess (its log says how many). Nothing here is timed: the assertions are about delivery and counts.
/// </summary>
public partial class RateLimitFloodTests(ITestOutputHelper output)
{
    private const int BobMessages = 200;
    private const int MaxFlood = 20_000;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);
    private static readonly IPAddress FlooderAddress = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task One_account_flooding_is_dropped_and_told_to_slow_down_while_another_accounts_messages_all_arrive_once()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(
            environment: new Dictionary<string, string>
            {
                ["UDPSUITE_Server__ChatRateLimit__PerAccountPerSecond"] = "100",
                ["UDPSUITE_Server__ChatRateLimit__PerAccountBurst"] = "300",
            });
        IPEndPoint chat = server.Endpoint("chat");
        var options = new ChatClientOptions();
        await using var bob = new ChatClient(chat, options);
        await using var carol = new ChatClient(chat, options);
        await bob.RegisterAsync("bob", "pw");
        await carol.RegisterAsync("carol", "pw");
        await bob.LoginAsync("bob", "pw");
        await carol.LoginAsync("carol", "pw");

        using var flooder = new ChatTestPeer(chat, "flooder", FlooderAddress);
        Assert.Null(await flooder.RegisterAsync("pw"));
        Assert.Null(await flooder.LoginAsync("pw"));

        // The flood leaves from its own socket (same session, so the server answers there) and a reader counts what comes back.
        using var floodSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        floodSocket.Bind(new IPEndPoint(FlooderAddress, 0));
        using var stopReading = new CancellationTokenSource();
        var flooderSlowDowns = new ConcurrentQueue<SlowDownBody>();
        int flooderRejects = 0;
        void Classify(byte[] datagram)
        {
            if (flooder.TryOpen(datagram, out ChatMessageType type, out byte[] body))
            {
                if (type == ChatMessageType.SlowDown && SlowDownBody.TryRead(body, out SlowDownBody slowDown))
                {
                    flooderSlowDowns.Enqueue(slowDown);
                }
                else if (type == ChatMessageType.Reject)
                {
                    Interlocked.Increment(ref flooderRejects);
                }
            }
        }

        // Answers go to the flooder's validated address (its peer socket), not to the socket the flood leaves from: that one
        // only ever gets path challenges, within 3x of what it sent. The reader keeps them; they are opened after the flood.
        var received = new ConcurrentQueue<byte[]>();
        Task reader = Task.Run(async () =>
        {
            while (!stopReading.IsCancellationRequested)
            {
                if (await flooder.ReceiveRawAsync(TimeSpan.FromMilliseconds(100)) is { } datagram)
                {
                    received.Enqueue(datagram);
                }
            }
        });

        // Carol collects what arrives; bob queues his 200 messages (the client sends them in order, one in flight).
        var fromBob = new ConcurrentQueue<IncomingMessage>();
        using var stopCollecting = new CancellationTokenSource(Generous);
        Task collector = Task.Run(async () =>
        {
            try
            {
                await foreach (IncomingMessage message in carol.ReadMessagesAsync(stopCollecting.Token))
                {
                    carol.Confirm(message);
                    if (message.From == "bob")
                    {
                        fromBob.Enqueue(message);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Collection ends with the test.
            }
        });
        var sent = new List<OutgoingMessage>();
        for (int i = 0; i < BobMessages; i++)
        {
            sent.Add(await bob.SendAsync("carol", $"bob #{i}", Generous));
        }

        // The flood: single-fragment submissions (to an account that does not exist, so what gets through costs the server
        // no commit and only earns a REJECT), in bursts with a yield between them, until bob's messages are all stored.
        int flooded = 0;
        var fragment = new byte[ChatWire.MaxSecureBody];
        byte[] envelope = EnvelopeCodec.EncodeSubmission(new SubmissionEnvelope("nobody-here", "flood"));
        while (flooded < MaxFlood && sent.Any(m => m.State == DeliveryState.Sending))
        {
            for (int i = 0; i < 100; i++, flooded++)
            {
                int length = SessionBodyCodec.WriteData(fragment, Guid.NewGuid(), 0, 1, envelope);
                floodSocket.SendTo(flooder.Seal(ChatMessageType.Data, fragment.AsSpan(0, length)), chat);
            }

            await Task.Delay(2);
        }

        // Every one of bob's messages reaches carol (its receipt says delivered), and carol got each exactly once.
        foreach (OutgoingMessage message in sent)
        {
            using var wait = new CancellationTokenSource(Generous);
            Assert.Equal(DeliveryState.Delivered, await message.WaitForAsync(DeliveryState.Delivered, wait.Token));
        }

        DateTime deadline = DateTime.UtcNow + Generous;
        while (fromBob.Count < BobMessages && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(Enumerable.Range(0, BobMessages).Select(i => $"bob #{i}"), fromBob.Select(m => m.Text));
        Assert.Equal(BobMessages, fromBob.Select(m => m.Id).Distinct().Count());
        Assert.Equal(0, bob.SlowDownsReceived);
        Assert.Equal(0, carol.SlowDownsReceived);

        // The flooder was told to slow down, and most of what it sent was dropped: only what the buckets let through was
        // answered (REJECT), and the server's log counts the rest.
        deadline = DateTime.UtcNow + Generous;
        while (!server.StandardError.Contains("account flooder is over", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Task.Delay(200); // the last answers in flight
        await stopReading.CancelAsync();
        await reader;
        foreach (byte[] datagram in received)
        {
            Classify(datagram);
        }
        await stopCollecting.CancelAsync();
        await collector;

        Assert.NotEmpty(flooderSlowDowns);
        Assert.Contains("account flooder is over 100 DATA/s", server.StandardError);
        Assert.DoesNotContain("account bob", server.StandardError);
        Assert.DoesNotContain("account carol", server.StandardError);
        long loggedDrops = DroppedCount().Matches(server.StandardError).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        Assert.True(loggedDrops > 0);
        Assert.True(flooderRejects < flooded / 2, $"{flooderRejects} of {flooded} flood submissions were handled");
        output.WriteLine(
            $"bob: {BobMessages}/{BobMessages} delivered to carol once each, 0 slow-downs; flooder: {flooded} DATA sent, {flooderRejects} handled (REJECT), " +
            $"{flooderSlowDowns.Count} SLOW_DOWN ({string.Join(", ", flooderSlowDowns.Select(s => s.Scope).Distinct())}), server log: >= {loggedDrops} fragments dropped");
    }

    [GeneratedRegex(@"account flooder is over \d+ DATA/s; (\d+) fragments dropped")]
    private static partial Regex DroppedCount();
}
