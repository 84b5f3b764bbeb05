using System.Net.Sockets;
using System.Text;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;

namespace UdpSuite.Chat.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class ProbeExchangeTests
{
    /// <summary>The exact bytes of the PowerShell snippet in docs/PROTOCOL.md.</summary>
    private static readonly byte[] DocumentedProbe = [0x55, 0x43, 0x01, 0x08];

    [Fact]
    public void The_protocol_document_shows_the_PowerShell_probe_with_these_bytes()
    {
        string document = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "PROTOCOL.md"));

        Assert.Contains("[System.Net.Sockets.UdpClient]::new()", document);
        Assert.Contains("[byte[]](0x55, 0x43, 0x01, 0x08)", document);
    }

    [Fact]
    public async Task The_documented_probe_bytes_get_a_probe_reply_within_the_amplification_limit()
    {
        using var data = new TemporaryDirectory();
        await using var server = await ChatServer.StartAsync(data.Path);
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Connect(server.ChatEndpoint());
        byte[] reply = new byte[2048];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        await udp.SendAsync(DocumentedProbe, SocketFlags.None, timeout.Token);
        int length = await udp.ReceiveAsync(reply, SocketFlags.None, timeout.Token);

        Assert.Equal([0x55, 0x43, 0x01, 0x09], reply[..4]);
        Assert.Equal(1, reply[4]);
        Assert.Equal(length, 6 + reply[5]);
        Assert.False(string.IsNullOrEmpty(Encoding.UTF8.GetString(reply, 6, reply[5])));
        Assert.True(length <= (3 * (DocumentedProbe.Length + 28)) - 28, $"reply of {length} bytes to a {DocumentedProbe.Length}-byte probe exceeds 3x");

        await using var client = new ChatClient(server.ChatEndpoint());
        Assert.Equal(1, (await client.ProbeAsync()).ProtocolVersion);
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "UdpSuite.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("UdpSuite.sln not found above " + AppContext.BaseDirectory);
    }
}
