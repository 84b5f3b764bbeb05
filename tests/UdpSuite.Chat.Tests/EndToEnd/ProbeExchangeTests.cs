using System.Net.Sockets;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Client.Security;
using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Chat.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class ProbeExchangeTests
{
    [Fact]
    public async Task A_v2_probe_gets_the_server_name_and_the_key_a_login_pins_within_the_amplification_limit()
    {
        using var data = new TemporaryDirectory();
        await using var server = await ChatServer.StartAsync(data.Path);
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Connect(server.ChatEndpoint());
        byte[] probe = new byte[ProbeDatagrams.ProbeLength];
        ProbeDatagrams.WriteProbe(probe);
        byte[] reply = new byte[2048];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        await udp.SendAsync(probe, SocketFlags.None, timeout.Token);
        int length = await udp.ReceiveAsync(reply, SocketFlags.None, timeout.Token);

        Assert.True(ProbeDatagrams.TryReadProbeReply(reply.AsSpan(0, length), out ProbeAnswer? answer));
        Assert.False(string.IsNullOrEmpty(answer!.ServerName));
        Assert.True(length <= (3 * (probe.Length + 28)) - 28, $"reply of {length} bytes to a {probe.Length}-byte probe exceeds 3x");

        ChatClientOptions options = TestAccounts.FastOptions();
        await using var client = new ChatClient(server.ChatEndpoint(), options);
        ProbeAnswer probed = await client.ProbeAsync();
        Assert.Equal(answer.Fingerprint, probed.Fingerprint);
        await client.RegisterAsync("prober", TestAccounts.PasswordOf("prober"));
        PinnedServerKey pin = Assert.Single(new KnownServers(options.KnownServersPath!).Lookup(server.ChatEndpoint().ToString()));
        Assert.Equal(probed.Fingerprint, pin.Fingerprint);
    }
}
