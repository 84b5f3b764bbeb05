using System.Net;
using System.Net.Sockets;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Client.Tests.Chat;

/// <summary><see cref="ChatClient.LoginAndStayAsync"/> against a server that never answers: the client queues and keeps trying.</summary>
public sealed class StayingLoggedInTests : IDisposable
{
    private readonly Socket _silent = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public StayingLoggedInTests() => _silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public void Dispose() => _silent.Dispose();

    private ChatClient NewClient() =>
        new((IPEndPoint)_silent.LocalEndPoint!, new ChatClientOptions
        {
            HandshakeTimeout = TimeSpan.FromMilliseconds(300),
            DefaultDeadline = TimeSpan.FromMilliseconds(200),
            KnownServersPath = Path.Combine(Path.GetTempPath(), $"udpsuite-never-written-{Guid.NewGuid():N}", "known_servers"), // never the user's pins
        });

    [Fact(Timeout = 60_000)]
    public async Task A_silent_server_is_not_an_error_the_client_keeps_opening_handshakes()
    {
        await using ChatClient client = NewClient();

        bool loggedIn = await client.LoginAndStayAsync("alice", "secret");

        Assert.False(loggedIn);
        Assert.False(client.IsConnected);
        DrainPending();
        Assert.True(await ReceivesInitiationAsync(TimeSpan.FromSeconds(20)), "no INITIATION after the first attempt: the client stopped trying");
    }

    [Fact(Timeout = 60_000)]
    public async Task Messages_sent_while_waiting_are_queued_under_their_id_and_an_infinite_deadline_never_fails_them()
    {
        await using ChatClient client = NewClient();
        await client.LoginAndStayAsync("alice", "secret");
        Guid id = Guid.NewGuid();

        OutgoingMessage queued = await client.SendAsync(id, "bob", "排队 🙂", Timeout.InfiniteTimeSpan);
        OutgoingMessage again = await client.SendAsync(id, "bob", "排队 🙂", Timeout.InfiniteTimeSpan);
        OutgoingMessage limited = await client.SendAsync("carol", "with the 200 ms default deadline"); // another conversation: not queued behind it

        Assert.Equal(id, queued.Id);
        Assert.Same(queued, again);
        Assert.Equal(DeliveryState.Failed, await limited.WaitForAsync(DeliveryState.Sent).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(DeliveryState.Sending, queued.State); // checked after the other one's deadline passed
    }

    [Fact(Timeout = 60_000)]
    public async Task Logging_out_stops_the_retries_and_sending_is_refused_again()
    {
        await using ChatClient client = NewClient();
        await client.LoginAndStayAsync("alice", "secret");

        await client.LogoutAsync();

        await Assert.ThrowsAsync<ChatException>(() => client.SendAsync("bob", "hi"));
    }

    private void DrainPending()
    {
        byte[] buffer = new byte[2048];
        while (_silent.Available > 0)
        {
            _silent.Receive(buffer);
        }
    }

    private async Task<bool> ReceivesInitiationAsync(TimeSpan within)
    {
        byte[] buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(within);
        try
        {
            while (true)
            {
                int length = await _silent.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (ChannelPrefix.Classify(buffer.AsSpan(0, length), out ChannelDatagramType type) == PrefixKind.Version2 && type == ChannelDatagramType.Initiation)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
