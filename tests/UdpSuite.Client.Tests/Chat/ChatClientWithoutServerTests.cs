using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using UdpSuite.Client.Chat;

namespace UdpSuite.Client.Tests.Chat;

public sealed class ChatClientWithoutServerTests
{
    [Fact]
    public async Task Login_to_a_silent_server_fails_with_a_clear_timeout_instead_of_hanging()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var client = new ChatClient((IPEndPoint)silent.LocalEndPoint!, new ChatClientOptions { HandshakeTimeout = TimeSpan.FromSeconds(1) });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ChatTimeoutException>(() => client.LoginAsync("alice", "secret"));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Contains("no answer", error.Message);
    }

    [Fact]
    public async Task Sending_before_login_is_refused()
    {
        await using var client = new ChatClient(new IPEndPoint(IPAddress.Loopback, 9));

        await Assert.ThrowsAsync<ChatException>(() => client.SendAsync("bob", "hi"));
    }

    [Fact]
    public async Task Datagrams_that_are_not_chat_or_not_of_our_session_are_dropped_and_counted()
    {
        using var fake = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        fake.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var client = new ChatClient((IPEndPoint)fake.LocalEndPoint!, new ChatClientOptions { HandshakeTimeout = TimeSpan.FromSeconds(1) });
        Task probing = client.ProbeAsync();
        byte[] buffer = new byte[2048];
        SocketReceiveFromResult request = await fake.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0));

        await fake.SendToAsync("garbage"u8.ToArray(), SocketFlags.None, request.RemoteEndPoint);
        byte[] forged = new byte[60];
        UdpSuite.Protocol.Chat.ChatPrefix.Write(forged, UdpSuite.Protocol.Chat.ChatMessageType.Data);
        await fake.SendToAsync(forged, SocketFlags.None, request.RemoteEndPoint);

        await Assert.ThrowsAsync<ChatTimeoutException>(() => probing);
        Assert.Equal(2, client.DroppedDatagrams);
    }
}
