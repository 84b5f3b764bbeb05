using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Server.Chat;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>
/// Protocol version 2 against an attacker on the LAN, with real sockets on loopback: what a recording of the wire
/// shows, reordered copies, copies of a client's datagrams raced ahead from another address, and floods of handshake
/// openings from several addresses while a real user logs in.
/// </summary>
public class ChannelAttackTests
{
    private static readonly IPAddress Spoofer = IPAddress.Parse("127.0.0.9");

    private static async Task<ChatTestPeer> LoggedIn(ChatTestServer server, string user, string password = "pw")
    {
        var peer = new ChatTestPeer(server.Endpoint, user);
        Assert.Null(await peer.RegisterAsync(password));
        Assert.Null(await peer.LoginAsync(password));
        server.Tick();
        return peer;
    }

    [Fact]
    public async Task A_recording_of_the_wire_shows_no_name_password_text_group_invite_code_or_status()
    {
        await using var server = ChatTestServer.Start();
        const string Password = "hunter2-Секрет";
        using ChatTestPeer alice = await LoggedIn(server, "alice-the-user", Password);
        using ChatTestPeer bob = await LoggedIn(server, "bob-the-user");
        var body = new byte[ChatWire.MaxSecureBody];

        alice.SendSecure(ChatMessageType.GroupRequest, body.AsSpan(0, GroupBodyCodec.WriteRequest(body,
            new GroupRequestBody(Guid.NewGuid(), GroupOperation.Create, "secret-group-name", "invite-code-42"))));
        alice.SendSecure(ChatMessageType.PresenceSet, body.AsSpan(0, PresenceCodec.WritePresenceSet(body, new PresenceSetBody(1, PresenceState.Away, "status-text-at-lunch"))));
        alice.Send("bob-the-user", "message-text-meet-at-noon");
        Assert.True(await alice.WaitForAsync(() => alice.Receipts.Any(r => r.State == DeliveryState.Sent)));
        server.Tick();
        Assert.True(await bob.WaitForAsync(() => bob.Deliveries.Count == 1));
        Assert.Equal("message-text-meet-at-noon", bob.Deliveries[0].Text);

        // Every byte both peers sent and received, from registration on: what a sniffer on the LAN records.
        byte[][] recorded = [.. alice.Wire.Concat(bob.Wire).Select(w => w.Datagram)];
        Assert.True(recorded.Length > 10);
        string[] secrets = ["alice-the-user", "bob-the-user", Password, "message-text-meet-at-noon", "secret-group-name", "invite-code-42", "status-text-at-lunch"];
        foreach (string secret in secrets)
        {
            byte[] needle = Encoding.UTF8.GetBytes(secret);
            Assert.DoesNotContain(recorded, datagram => datagram.AsSpan().IndexOf(needle) >= 0);
        }
    }

    [Fact]
    public async Task Reordered_sealed_datagrams_are_each_taken_once()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        byte[][] pings = [.. Enumerable.Range(0, 5).Select(_ => alice.Seal(ChatMessageType.Ping, []))];

        foreach (int k in new[] { 4, 1, 3, 0, 2, 3, 0 })
        {
            alice.SendRaw(pings[k]);
        }

        Assert.True(await alice.WaitForAsync(() => alice.Pongs == 5));
        await alice.DrainAsync(TimeSpan.FromMilliseconds(100));
        Assert.Equal(5, alice.Pongs);
        Assert.Equal(2, server.Counters.Get(ChatDropReasons.Replay));
    }

    [Fact]
    public async Task Copies_raced_ahead_from_another_address_get_at_most_3x_there_move_nothing_and_every_message_arrives()
    {
        await using var server = ChatTestServer.Start();
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        using ChatTestPeer bob = await LoggedIn(server, "bob");
        using var spoof = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        spoof.Bind(new IPEndPoint(Spoofer, 0));
        long spoofSent = 0;
        const int Messages = 20;

        // Each of alice's datagrams is copied and sent first from the spoofer's address, then arrives from alice.
        var ids = new List<Guid>();
        for (int i = 0; i < Messages; i++)
        {
            var fragment = new byte[ChatWire.MaxSecureBody];
            byte[] envelope = EnvelopeCodec.EncodeSubmission(new SubmissionEnvelope("bob", $"message {i}"));
            var id = Guid.NewGuid();
            ids.Add(id);
            byte[] datagram = alice.Seal(ChatMessageType.Data, fragment.AsSpan(0, SessionBodyCodec.WriteData(fragment, id, 0, 1, envelope)));
            spoof.SendTo(datagram, server.Endpoint);
            spoofSent += datagram.Length + AmplificationLimit.HeaderBytes;
            alice.SendRaw(datagram);
            server.Tick(NodaTime.Duration.FromSeconds(1)); // path challenges may be resent once a second
        }

        Assert.True(await alice.WaitForAsync(() => alice.Receipts.Count(r => r.State == DeliveryState.Sent) == Messages, TimeSpan.FromSeconds(10)));
        server.Tick();
        Assert.True(await bob.WaitForAsync(() => bob.Deliveries.Count == Messages, TimeSpan.FromSeconds(10), () => server.Tick()));
        Assert.Equal(Enumerable.Range(0, Messages).Select(i => $"message {i}"), bob.Deliveries.Select(d => d.Text));

        // What reached the spoofed address: path challenges only, within 3x of what came from it.
        long spoofReceived = 0;
        var buffer = new byte[2048];
        spoof.ReceiveTimeout = 200;
        while (true)
        {
            try
            {
                spoofReceived += spoof.Receive(buffer) + AmplificationLimit.HeaderBytes;
            }
            catch (SocketException)
            {
                break;
            }
        }

        Assert.True(spoofReceived <= 3 * spoofSent, $"{spoofReceived} bytes to the spoofed address for {spoofSent} from it");
        Assert.True(server.Counters.Get(ChatEvents.PathChallengeSent) >= 1);
        Assert.Equal(0, server.Counters.Get(ChatEvents.PathValidated)); // the session never moved

        // Replies still go to alice: a PING answered there.
        int pongs = alice.Pongs;
        alice.SendSecure(ChatMessageType.Ping, []);
        Assert.True(await alice.WaitForAsync(() => alice.Pongs == pongs + 1));
    }

    [Fact]
    public async Task Openings_flooded_from_several_addresses_keep_state_bounded_while_a_real_user_logs_in()
    {
        var limits = new ChatRelayLimits { Handshake = new HandshakeLoadOptions { CookieThreshold = 16, CookieRatePerSecond = 50, MaxPendingPerAddress = 8, MaxPending = 64 } };
        await using var server = ChatTestServer.Start(limits: limits);
        using ChatTestPeer registered = await LoggedIn(server, "alice");
        registered.SendSecure(ChatMessageType.Logout, []);

        // Four flooding addresses, each replaying a set of distinct openings as fast as it can, bounded in count and time.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        long flooded = 0;
        Task[] flooders = [.. Enumerable.Range(1, 4).Select(k => Task.Run(() =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Parse($"127.0.1.{k}"), 0));
            byte[][] openings = [.. Enumerable.Range(0, 64).Select(_ =>
            {
                using var client = new ChannelClient();
                var opening = new byte[ChannelWire.InitiationLength];
                client.Start(TimeSpan.Zero, opening);
                return opening;
            })];
            for (int i = 0; i < 20_000 && !stop.IsCancellationRequested; i++)
            {
                socket.SendTo(openings[i % openings.Length], server.Endpoint);
                Interlocked.Increment(ref flooded);
                if (i % 200 == 0)
                {
                    Thread.Sleep(1); // thousands per second, not a busy loop that starves the server of the second core
                }
            }
        }))];

        // While the flood runs, a real user logs in (through a cookie reply if the server asks for one).
        await Task.Delay(300);
        var timer = Stopwatch.StartNew();
        using var alice = new ChatTestPeer(server.Endpoint, "alice");
        Assert.Null(await alice.LoginAsync("pw"));
        TimeSpan loginTook = timer.Elapsed;
        int pendingDuringFlood = server.Handler.PendingLoginCount;
        await Task.WhenAll(flooders);

        Assert.True(Interlocked.Read(ref flooded) >= 10_000, $"only {flooded} openings sent");
        Assert.True(pendingDuringFlood <= limits.Handshake.MaxPending, $"{pendingDuringFlood} pending handshakes");
        Assert.True(server.Handler.PendingLoginCount <= limits.Handshake.MaxPending);
        Assert.True(alice.IsLoggedIn, $"login took {loginTook}");
    }
}
