using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat;

namespace UdpSuite.Server.Tests.Chat;

public class ChatSecurityTests
{
    private static readonly TimeSpan Silence = TimeSpan.FromMilliseconds(150);

    private static async Task<(ChatTestServer Server, ChatTestPeer Alice, ChatTestPeer Bob)> TwoUsersAsync()
    {
        ChatTestServer server = ChatTestServer.Start();
        var alice = new ChatTestPeer(server.Endpoint, "alice");
        var bob = new ChatTestPeer(server.Endpoint, "bob");
        foreach (ChatTestPeer peer in new[] { alice, bob })
        {
            Assert.Null(await peer.RegisterAsync("pw-" + peer.User));
            Assert.Null(await peer.LoginAsync("pw-" + peer.User));
        }

        server.Tick();
        return (server, alice, bob);
    }

    private static byte[] Ping(ChatTestPeer peer) => peer.Seal(ChatMessageType.Ping, []);

    [Fact]
    public async Task A_datagram_with_a_wrong_mac_is_dropped_counted_and_not_answered()
    {
        (ChatTestServer server, ChatTestPeer alice, ChatTestPeer bob) = await TwoUsersAsync();
        await using (server)
        using (alice)
        using (bob)
        {
            byte[] forged = Ping(alice);
            forged[^1] ^= 0x01;
            alice.SendRaw(forged);

            byte[] altered = alice.Seal(ChatMessageType.Data, new byte[40]);
            altered[30] ^= 0x80; // body changed after sealing
            alice.SendRaw(altered);

            Assert.Null(await alice.ReceiveRawAsync(Silence));
            Assert.Equal(2, server.Counters.Get(ChatDropReasons.BadMac));
        }
    }

    [Fact]
    public async Task A_replayed_datagram_is_dropped_and_counted_and_the_message_is_acted_on_once()
    {
        (ChatTestServer server, ChatTestPeer alice, ChatTestPeer bob) = await TwoUsersAsync();
        await using (server)
        using (alice)
        using (bob)
        {
            byte[] ping = Ping(alice);
            alice.SendRaw(ping);
            Assert.True(await alice.WaitForAsync(() => alice.Pongs == 1));

            alice.SendRaw(ping);
            alice.SendRaw(ping);
            await alice.DrainAsync(Silence);

            Assert.Equal(1, alice.Pongs);
            Assert.Equal(2, server.Counters.Get(ChatDropReasons.Replay));
        }
    }

    [Fact]
    public async Task A_datagram_under_another_users_session_id_is_dropped_so_nobody_can_post_as_someone_else()
    {
        (ChatTestServer server, ChatTestPeer alice, ChatTestPeer bob) = await TwoUsersAsync();
        await using (server)
        using (alice)
        using (bob)
        {
            // Bob knows alice's session id (it travels in clear) but not her key.
            byte[] submission = EnvelopeCodec.EncodeSubmission(new SubmissionEnvelope("bob", "I am alice, honest"));
            var body = new byte[ChatWire.MaxSecureBody];
            int length = SessionBodyCodec.WriteData(body, Guid.NewGuid(), 0, 1, submission);
            bob.SendRaw(bob.Seal(ChatMessageType.Data, body.AsSpan(0, length), sessionId: alice.SessionId));

            Assert.Null(await bob.ReceiveRawAsync(Silence));
            Assert.Null(await alice.ReceiveRawAsync(TimeSpan.FromMilliseconds(10)));
            Assert.Equal(1, server.Counters.Get(ChatDropReasons.BadMac));
            Assert.Empty(server.Store.Undelivered("bob", 0, 10));
        }
    }

    [Fact]
    public async Task Unknown_sessions_and_malformed_session_datagrams_are_dropped_without_reply()
    {
        (ChatTestServer server, ChatTestPeer alice, ChatTestPeer bob) = await TwoUsersAsync();
        await using (server)
        using (alice)
        using (bob)
        {
            alice.SendRaw(alice.Seal(ChatMessageType.Ping, [], sessionId: 12345));
            alice.SendRaw("UC\x02\x10short"u8);                    // too short to carry a session
            alice.SendSecure(ChatMessageType.Data, [1, 2, 3]);     // valid MAC, body not a DATA fragment
            alice.SendSecure((ChatMessageType)0x2F, []);          // reserved type inside a session
            alice.SendRaw([0x00, 0xFF, 0x13, 0x37]);              // binary, not chat, not text

            Assert.Null(await alice.ReceiveRawAsync(Silence));
            Assert.Equal(1, server.Counters.Get(ChatDropReasons.UnknownSession));
            Assert.Equal(2, server.Counters.Get(ChatDropReasons.Malformed));
            Assert.Equal(1, server.Counters.Get(ChatDropReasons.UnknownType));
            Assert.Equal(1, server.Counters.Get(ChatDropReasons.NotChat));
        }
    }

    /// <summary>
    /// The classic socket-tutorial client sends its typed line and waits in recvfrom: it gets one line naming the
    /// program to use, within the 3x rule, and a burst of text from one address gets at most the per-address budget.
    /// </summary>
    [Fact]
    public async Task Plain_text_gets_a_one_line_hint_within_three_times_and_rate_limited_per_address()
    {
        (ChatTestServer server, ChatTestPeer alice, ChatTestPeer bob) = await TwoUsersAsync();
        await using (server)
        using (alice)
        using (bob)
        {
            byte[] line = "你好\n"u8.ToArray();
            alice.SendRaw(line);
            byte[]? hint = await alice.ReceiveRawAsync(TimeSpan.FromSeconds(10));

            Assert.NotNull(hint);
            string text = System.Text.Encoding.UTF8.GetString(hint);
            Assert.StartsWith("UdpSuite chat is encrypted, not plain text: use `udpsuite send`", text, StringComparison.Ordinal);
            Assert.True(UdpSuite.Protocol.Amplification.AmplificationLimit.Allows(line.Length, hint.Length), $"{hint.Length} bytes for {line.Length}");

            for (int i = 0; i < 20; i++)
            {
                bob.SendRaw("hello?"u8);
            }

            int answered = 0;
            while (await bob.ReceiveRawAsync(Silence) is { } datagram)
            {
                answered += datagram.AsSpan().StartsWith("UdpSuite chat"u8) ? 1 : 0; // not a sealed push the session may get
            }

            Assert.InRange(answered, 1, UdpSuite.Server.Handlers.PlainTextResponder.Burst + 1);
            Assert.True(server.Counters.Get(UdpSuite.Server.Handlers.PlainTextResponder.RateLimitedReason) >= 20 - answered - 1);
        }
    }

    [Fact]
    public async Task Random_and_truncated_datagrams_never_stop_the_listener()
    {
        (ChatTestServer server, ChatTestPeer alice, ChatTestPeer bob) = await TwoUsersAsync();
        await using (server)
        using (alice)
        using (bob)
        {
            var random = new Random(3);
            byte[] valid = alice.Seal(ChatMessageType.Data, SessionBodyData());
            for (int i = 0; i < 300; i++)
            {
                byte[] junk = new byte[random.Next(0, 1300)];
                random.NextBytes(junk);
                if (i % 3 == 0 && junk.Length >= 4)
                {
                    junk[0] = (byte)'U';
                    junk[1] = (byte)'C';
                    junk[2] = 1;
                    junk[3] = (byte)random.Next(0, 0x20);
                }
                else if (i % 3 == 1)
                {
                    junk = valid[..random.Next(0, valid.Length)];
                }

                alice.SendRaw(junk);
            }

            await alice.DrainAsync(TimeSpan.FromMilliseconds(300));
            alice.SendSecure(ChatMessageType.Ping, []);
            Assert.True(await alice.WaitForAsync(() => alice.Pongs == 1));
            Assert.Equal(0, server.Counters.Get("handler-error"));
        }
    }

    private static byte[] SessionBodyData()
    {
        var body = new byte[200];
        int length = SessionBodyCodec.WriteData(body, Guid.NewGuid(), 0, 1, EnvelopeCodec.EncodeSubmission(new SubmissionEnvelope("bob", "x")));
        return body[..length];
    }
}
