using System.Globalization;
using System.Net;
using System.Text.Json;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Tests.Lan;
using static UdpSuite.Client.Tests.Lan.ReferenceIpMsgPeer;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>
/// <c>udpsuite listen --lan</c>, <c>send --lan</c> and <c>lan peers</c> as real processes against the reference IP
/// Messenger peer on 127.0.0.1: ephemeral ports (<c>--lan-port 0</c>), broadcast off (<c>Client:Lan:Broadcast</c> through
/// the environment), the reference reached with <c>--lan-peer</c>. No server and no account anywhere.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LanCliTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> Environment(params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = TestEnvironment.NewDirectory("home"),
            ["UDPSUITE_Client__Lan__Broadcast"] = "false",
        };
        foreach ((string key, string value) in extra)
        {
            environment[key] = value;
        }

        return environment;
    }

    private static string Number(ulong number) => number.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Listen_lan_prints_utf8_and_gb18030_messages_once_as_json_and_answers_recvmsg_and_readmsg()
    {
        await using var reference = new ReferenceIpMsgPeer();
        await using CliProcess listen = CliProcess.Start(
            ["listen", "--lan", "--json", "--count", "2", "--mark-read", "--lan-port", "0", "--lan-peer", reference.Endpoint.ToString()], Environment());

        ReferencePacket entry = await reference.WaitForModeAsync(BrEntry, Limit);
        IPEndPoint listener = new(IPAddress.Loopback, entry.From.Port);
        ulong secret = await reference.SendAsync(listener, SendMsg | SendCheck | Secret | Utf8, "你好，这是 UTF-8\0");
        Assert.Equal(Number(secret), (await reference.WaitForModeAsync(RecvMsg, Limit)).Text);
        await reference.SendAsync(listener, SendMsg | SendCheck | Utf8 | RetryFlag, "你好，这是 UTF-8\0", secret); // a retransmission: shown once
        await reference.WaitForModeAsync(RecvMsg, Limit);
        ulong legacy = await reference.SendAsync(listener, SendMsg | SendCheck, "这是 GB18030 编码\0");
        Assert.Equal(Number(legacy), (await reference.WaitForModeAsync(RecvMsg, Limit)).Text);
        Assert.Equal(Number(secret), (await reference.WaitForModeAsync(ReadMsg, Limit)).Text);

        var (exit, stdout, stderr) = await listen.WaitAsync(Limit);
        Assert.True(exit == 0, stderr);
        Assert.Contains("unencrypted", stderr);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using JsonDocument first = JsonDocument.Parse(lines[0]);
        Assert.Equal("message", first.RootElement.GetProperty("type").GetString());
        Assert.Equal("lan", first.RootElement.GetProperty("network").GetString());
        Assert.Equal("你好，这是 UTF-8", first.RootElement.GetProperty("text").GetString());
        Assert.Equal("参考", first.RootElement.GetProperty("from").GetString());
        Assert.Equal("refhost", first.RootElement.GetProperty("host").GetString());
        Assert.Equal(reference.Endpoint.ToString(), first.RootElement.GetProperty("address").GetString());
        Assert.False(first.RootElement.GetProperty("encrypted").GetBoolean());
        using JsonDocument second = JsonDocument.Parse(lines[1]);
        Assert.Equal("这是 GB18030 编码", second.RootElement.GetProperty("text").GetString());
        Assert.Contains(reference.All, p => p.Mode == BrExit); // left with BR_EXIT
    }

    [Fact]
    public async Task Send_lan_to_a_nickname_in_gb18030_exits_0_once_recvmsg_arrives()
    {
        await using var reference = new ReferenceIpMsgPeer(user: "wang", host: "WANG-PC", utf8: false);

        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            ["send", "--lan", "--to", "参考", "--lan-port", "0", "--lan-peer", reference.Endpoint.ToString(), "王先生，您好"], Environment(), Limit);

        Assert.True(exit == 0, stderr);
        Assert.Matches(@"^lan:127\.0\.0\.1:\d+:\d+ delivered\n$", stdout);
        ReferencePacket message = Assert.Single(reference.All, p => p.Mode == SendMsg);
        Assert.Equal("王先生，您好", message.Text);
        Assert.Equal(0u, message.Command & Utf8);
    }

    [Fact]
    public async Task Send_lan_without_recvmsg_says_not_delivered_and_exits_1_after_the_retries()
    {
        await using var reference = new ReferenceIpMsgPeer { Acknowledge = false };

        var (exit, _, stderr) = await CliProcess.RunAsync(
            ["send", "--lan", "--to", reference.Endpoint.ToString(), "--lan-port", "0", "hello?"],
            Environment(("UDPSUITE_Client__Lan__RetryInterval", "00:00:00.05"), ("UDPSUITE_Client__Lan__Attempts", "3")), Limit);

        Assert.Equal(1, exit);
        Assert.Contains("not delivered", stderr);
        Assert.Equal(3, reference.All.Count(p => p.Mode == SendMsg));
    }

    [Fact]
    public async Task Lan_peers_lists_who_answered_as_json()
    {
        await using var reference = new ReferenceIpMsgPeer();

        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            ["lan", "peers", "--json", "--timeout", "500", "--lan-port", "0", "--lan-peer", reference.Endpoint.ToString()], Environment(), Limit);

        Assert.True(exit == 0, stderr);
        using JsonDocument peer = JsonDocument.Parse(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("参考", peer.RootElement.GetProperty("name").GetString());
        Assert.Equal("测试组", peer.RootElement.GetProperty("group").GetString());
        Assert.Equal(reference.Endpoint.ToString(), peer.RootElement.GetProperty("address").GetString());
        Assert.True(peer.RootElement.GetProperty("utf8").GetBoolean());
    }

    [Fact]
    public async Task Lan_peers_with_nobody_answering_exits_1_and_a_bad_setting_exits_2_naming_it()
    {
        var (none, _, noneError) = await CliProcess.RunAsync(["lan", "peers", "--timeout", "200", "--lan-port", "0"], Environment(), Limit);
        var (bad, _, badError) = await CliProcess.RunAsync(["lan", "peers", "--timeout", "200", "--lan-port", "0"],
            Environment(("UDPSUITE_Client__Lan__Encoding", "no-such-charset")), Limit);

        Assert.Equal(1, none);
        Assert.Contains("no IP Messenger user answered", noneError);
        Assert.Equal(2, bad);
        Assert.Contains("no-such-charset", badError);
    }

    [Fact]
    public async Task Send_lan_wait_read_sends_a_sealed_message_and_exits_0_once_readmsg_arrives()
    {
        await using var reference = new ReferenceIpMsgPeer { ReadImmediately = true };

        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            ["send", "--lan", "--to", reference.Endpoint.ToString(), "--wait", "read", "--lan-port", "0", "请阅读"], Environment(), Limit);

        Assert.True(exit == 0, stderr);
        Assert.EndsWith(" read\n", stdout);
        ReferencePacket message = Assert.Single(reference.All, p => p.Mode == SendMsg);
        Assert.NotEqual(0u, message.Command & Secret);
        Assert.NotEqual(0u, message.Command & ReadCheck);
        Assert.Equal("请阅读", message.Text);
    }

    [Fact]
    public async Task A_taken_lan_port_stops_listen_but_one_shot_commands_use_any_free_port()
    {
        await using var reference = new ReferenceIpMsgPeer();
        using var blocker = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Any, 0));
        string taken = ((IPEndPoint)blocker.Client.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);

        var (listenExit, _, listenError) = await CliProcess.RunAsync(["listen", "--lan", "--lan-port", taken], Environment(), Limit);
        var (peersExit, peersOut, peersError) = await CliProcess.RunAsync(
            ["lan", "peers", "--timeout", "500", "--lan-port", taken, "--lan-peer", reference.Endpoint.ToString()], Environment(), Limit);

        Assert.Equal(1, listenExit);
        Assert.Contains($"LAN port {taken} is taken", listenError);
        Assert.True(peersExit == 0, peersError);
        Assert.Contains("using any free port", peersError);
        Assert.Contains("参考", peersOut);
    }
}
