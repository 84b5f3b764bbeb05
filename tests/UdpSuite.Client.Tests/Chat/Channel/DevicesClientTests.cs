using System.Net;
using UdpSuite.Client.Chat;
using UdpSuite.Client.Tests.Support;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Client.Tests.Chat.Channel;

/// <summary>
/// The client's side of sessions and devices against <see cref="LoginTestServer"/> on loopback: the login's device tail,
/// session lists and ending one, history pages in HISTORY_DATA fragments, and READ_SYNC.
/// </summary>
public sealed class DevicesClientTests : IDisposable
{
    private static readonly Argon2idParameters Cheap = new(8, 1, 1);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("udpsuite-devices-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ChatClientOptions Options() => new()
    {
        KnownServersPath = Path.Combine(_directory, "known_servers"),
        PasswordPolicy = ChatClientOptions.TestPasswordPolicy(Cheap),
        RegistrationParameters = Cheap,
        HandshakeTimeout = TimeSpan.FromSeconds(10),
    };

    private static async Task<ChatClient> LoggedInAsync(LoginTestServer server, ChatClientOptions options)
    {
        var client = new ChatClient(server.EndPoint, options);
        await client.RegisterAsync("alice", "alice-password");
        await client.LoginAsync("alice", "alice-password");
        return client;
    }

    [Fact]
    public async Task The_login_names_the_device_and_the_transient_flag_and_a_plain_client_names_none()
    {
        await using var server = new LoginTestServer(Cheap);
        var laptop = new ChatDevice(0x1234, "laptop (listen)");
        await using (ChatClient receiving = await LoggedInAsync(server, Options() with { Device = laptop }))
        {
            await using var oneShot = new ChatClient(server.EndPoint, Options() with { Transient = true, Device = ChatDevice.Ephemeral("send") });
            await oneShot.LoginAsync("alice", "alice-password");
            await using var plain = new ChatClient(server.EndPoint, Options());
            await plain.LoginAsync("alice", "alice-password");
            await using var anonymousOneShot = new ChatClient(server.EndPoint, Options() with { Transient = true });
            await anonymousOneShot.LoginAsync("alice", "alice-password");
        }

        LoginDevice?[] devices = [.. server.LoginDevices];
        Assert.Equal(4, devices.Length);
        Assert.Equal(new LoginDevice(0x1234, Transient: false, "laptop (listen)"), devices[0]);
        Assert.True(devices[1]!.Transient);
        Assert.EndsWith(" (send)", devices[1]!.Name, StringComparison.Ordinal);
        Assert.Null(devices[2]);
        Assert.True(devices[3]!.Transient);
        Assert.NotEqual(0UL, devices[3]!.DeviceId);
    }

    [Fact]
    public async Task Sessions_are_listed_across_pages_and_one_is_ended_by_id()
    {
        await using var server = new LoginTestServer(Cheap)
        {
            Sessions = [.. Enumerable.Range(1, 20).Select(i => new SessionInfo(
                (ulong)i, Transient: i % 2 == 0, Current: false, (ulong)(100 + i), $"{new string('d', 50)} {i}", new IPEndPoint(IPAddress.IPv6Loopback, 40_000 + i), 1_795_000_000_000 + i, (uint)i))],
        };
        await using ChatClient client = await LoggedInAsync(server, Options());

        IReadOnlyList<SessionInfo> sessions = await client.ListSessionsAsync();

        Assert.Equal(server.Sessions, sessions); // 20 sessions of about 100 bytes: two REPLY pages
        Assert.True(server.Received.Count(t => t == (byte)ChatMessageType.SessionsList) >= 2);
        await client.EndSessionAsync(7);
        Assert.Equal([7UL], server.Ended);
        ChatException unknown = await Assert.ThrowsAsync<ChatException>(() => client.EndSessionAsync(99));
        Assert.Equal(ChatErrorCode.UnknownSession, unknown.Code);
        Assert.NotEqual(0UL, client.SessionId);
    }

    [Fact]
    public async Task A_history_page_of_several_fragments_is_reassembled_acknowledged_and_a_refusal_throws()
    {
        var newest = new HistoryEntry(9, Guid.NewGuid(), 1_795_000_000_900, Outgoing: true, DeliveryState.Read, "alice", new string('长', 1500));
        var older = new HistoryEntry(8, Guid.NewGuid(), 1_795_000_000_800, Outgoing: false, DeliveryState.Delivered, "bob", "short");
        HistoryRequestBody? asked = null;
        await using var server = new LoginTestServer(Cheap)
        {
            History = request =>
            {
                asked = request;
                return request.Name == "bob"
                    ? new HistoryPage(request.RequestId, ChatErrorCode.None, 8, [newest, older])
                    : new HistoryPage(request.RequestId, ChatErrorCode.NotGroupMember, 0, []);
            },
        };
        await using ChatClient client = await LoggedInAsync(server, Options());

        HistoryPage page = await client.GetHistoryAsync("bob", before: 12, limit: 2);

        Assert.Equal([newest, older], page.Entries);
        Assert.Equal(8UL, page.NextBefore);
        Assert.Equal((HistoryKind.Conversation, "bob", 12UL, (byte)2), (asked!.Value.Kind, asked.Value.Name, asked.Value.Before, asked.Value.Limit));
        await WaitUntilAsync(() => server.Acks.Count(a => a.Index is 0 or 1 or 2 or 3) >= 4, "the page's 4 fragments acknowledged");

        ChatException refused = await Assert.ThrowsAsync<ChatException>(() => client.GetGroupHistoryAsync("team"));
        Assert.Equal(ChatErrorCode.NotGroupMember, refused.Code);
        Assert.Equal(HistoryKind.Group, asked!.Value.Kind);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetHistoryAsync("bob", limit: 101));
    }

    [Fact]
    public async Task A_read_sync_is_acknowledged_each_time_and_reported_once_even_past_a_throwing_handler()
    {
        await using var server = new LoginTestServer(Cheap);
        var logger = new RecordingLogger();
        await using ChatClient client = await LoggedInAsync(server, Options() with { Logger = logger });
        var reported = new List<ReadElsewhereEventArgs>();
        client.ReadElsewhere += (_, _) => throw new InvalidOperationException("application bug");
        client.ReadElsewhere += (_, e) =>
        {
            lock (reported)
            {
                reported.Add(e);
            }
        };
        Guid read = Guid.NewGuid();

        server.PushReadSync(new ReadSyncBody(read, 4, 1_795_000_000_000));
        server.PushReadSync(new ReadSyncBody(read, 4, 1_795_000_000_000)); // a retransmission: its ACK was lost

        await WaitUntilAsync(() => server.Acks.Count(a => a.MessageId == read && a.Index == SessionsCodec.ReadSyncAckIndex) == 2, "both copies acknowledged");
        ReadElsewhereEventArgs once = Assert.Single(reported);
        Assert.Equal((read, 4UL, DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000)), (once.MessageId, once.ServerSequence, once.ReadAt));
        Assert.Single(logger.Entries);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Wait)
            {
                throw new TimeoutException($"{what}: not within {Wait.TotalSeconds:0} s");
            }

            await Task.Delay(20);
        }
    }
}
