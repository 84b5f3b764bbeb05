using System.Text;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>The chat listener in the real <c>udpsuite server</c> process, on a data directory the test owns.</summary>
public sealed class ChatServerProcessTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("udpsuite-chat-process-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private IReadOnlyList<string> Arguments(int? chatPort = null) =>
    [
        "server", "--time-port", "off", "--ntp-port", "off", "--rfc868-port", "off", "--daytime-port", "off",
        "--chat-port", (chatPort ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--bind", "127.0.0.1", "--data-dir", _dataDirectory, "--server-name", "chat-test",
    ];

    [Fact]
    public async Task Probe_answers_and_acked_messages_survive_SIGKILL_and_neither_the_store_nor_the_log_contains_a_password()
    {
        const string AlicePassword = "alice-Секрет-🙂-password";
        const string BobPassword = "bob-秘密-password";
        var sentIds = new List<Guid>();
        int port;
        string stderr;
        await using (ServerProcess server = await ServerProcess.StartAsync(Arguments(), expectedListeners: ["chat"]))
        {
            port = server.Endpoint("chat").Port;
            Assert.Contains($"listening chat udp 127.0.0.1:{port}", server.StandardOutput);
            using (var prober = new ChatTestPeer(server.Endpoint("chat"), "probe"))
            {
                byte[] reply = await prober.RequestAsync([0x55, 0x43, 0x02, 0x08, .. new byte[44]]); // the 48 bytes docs/PROTOCOL.md sends by hand
                Assert.True(ProbeDatagrams.TryReadProbeReply(reply, out ProbeAnswer? probe));
                Assert.Equal("chat-test", probe!.ServerName);
            }

            using var alice = new ChatTestPeer(server.Endpoint("chat"), "alice");
            using var bob = new ChatTestPeer(server.Endpoint("chat"), "bob");
            Assert.Null(await alice.RegisterAsync(AlicePassword));
            Assert.Null(await bob.RegisterAsync(BobPassword));
            Assert.Equal(ChatErrorCode.AuthenticationFailed, await alice.LoginAsync(BobPassword));
            Assert.Null(await alice.LoginAsync(AlicePassword));

            for (int i = 1; i <= 10; i++)
            {
                sentIds.Add(alice.Send("bob", $"before the crash {i}"));
                int expected = i;
                Assert.True(await alice.WaitForAsync(() => alice.Receipts.Count(r => r.State == DeliveryState.Sent) == expected));
            }

            stderr = server.StandardError;
            // DisposeAsync kills the process (SIGKILL): no graceful shutdown, no checkpoint.
        }

        await using (ServerProcess restarted = await ServerProcess.StartAsync(Arguments(port), expectedListeners: ["chat"]))
        {
            using var bob = new ChatTestPeer(restarted.Endpoint("chat"), "bob");
            Assert.Null(await bob.LoginAsync(BobPassword));
            Assert.True(await bob.WaitForAsync(() => bob.Deliveries.Count == 10));
            Assert.Equal(sentIds, bob.DeliveredIds);
            Assert.Equal(Enumerable.Range(1, 10).Select(i => $"before the crash {i}"), bob.Deliveries.Select(d => d.Text));
            stderr += restarted.StandardError;
        }

        foreach (string password in new[] { AlicePassword, BobPassword })
        {
            Assert.DoesNotContain(password, stderr, StringComparison.Ordinal);
            foreach (string file in Directory.EnumerateFiles(_dataDirectory))
            {
                byte[] content = await File.ReadAllBytesAsync(file);
                Assert.False(Contains(content, Encoding.UTF8.GetBytes(password)), $"{file} contains a password");
                Assert.False(Contains(content, Encoding.Unicode.GetBytes(password)), $"{file} contains a password (UTF-16)");
            }
        }

        Assert.Contains("alice", stderr, StringComparison.Ordinal); // the log is there, it just holds no secrets
    }

    [Fact]
    public async Task A_store_that_cannot_be_opened_stops_the_server_with_a_reason_and_exit_1()
    {
        await File.WriteAllBytesAsync(Path.Combine(_dataDirectory, SqliteChatStore.FileName), Enumerable.Repeat((byte)0x42, 8192).ToArray());

        (int exitCode, string stdout, string stderr) = await ServerProcess.RunToExitAsync(Arguments(), TimeSpan.FromSeconds(20));

        Assert.Equal(1, exitCode);
        Assert.Contains("chat store", stderr, StringComparison.Ordinal);
        Assert.Contains(SqliteChatStore.FileName, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening chat", stdout, StringComparison.Ordinal);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
