using System.Net;
using System.Net.Sockets;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Tests.Integration;
using UdpSuite.Tui.Chat;

namespace UdpSuite.Tui.Tests.EndToEnd;

/// <summary>The real adapter over <see cref="ChatClient"/> against the real server: offline start, the client queues and logs in when the server appears.</summary>
public sealed class ChatClientSessionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("udpsuite-reconnect-").FullName;

    public void Dispose()
    {
        EndToEndCleanup.DeleteRoot(_root);
    }

    [Fact(Timeout = 120_000)]
    public async Task Starts_offline_queues_and_sends_when_the_server_appears()
    {
        int port;
        using (var reserve = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((IPEndPoint)reserve.Client.LocalEndPoint!).Port;
        }

        var client = new ChatClient(new IPEndPoint(IPAddress.Loopback, port), new ChatClientOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(500) });
        await using ChatClientSession session = await ChatClientSession.StartAsync(client, "狗哥alex", "pw 密码", CancellationToken.None);
        var sent = new TaskCompletionSource<OutgoingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.DeliveryChanged += (_, update) => sent.TrySetResult(update);
        session.ConnectionChanged += (_, up) =>
        {
            if (up)
            {
                connected.TrySetResult();
            }
        };

        session.Start();
        Assert.False(session.IsConnected);
        session.Send(Guid.NewGuid(), "瞎驴", "排队的消息");

        await using ServerProcess server = await ServerProcess.StartAsync(ServerProcess.ChatServerArguments(Path.Combine(_root, "data"), port));
        // The recipient first: the session logs in as soon as its own account exists and sends at once.
        foreach (string user in new[] { "瞎驴", "狗哥alex" })
        {
            (int code, string output) = await UdpSuiteCli.RunAsync("pw 密码", "register", "--server", server.Endpoint("chat").ToString(), "--user", user);
            Assert.True(code == 0, output);
        }

        await connected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(session.IsConnected);
        OutgoingMessage update = await sent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(update.State == DeliveryState.Sent, $"{update.State}: {update.FailureReason}");
    }
}
