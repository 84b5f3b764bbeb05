using System.Diagnostics;
using Microsoft.Data.Sqlite;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Tests.Chat;
using UdpSuite.Server.Tests.Integration;
using Xunit.Abstractions;

namespace UdpSuite.Server.Tests.Hardening;

/// <summary>
/// Store fault injection against the real server process (issue 8): a corrupt database at start, a data directory
/// that goes read-only under the running server, and a disk that fills up. Whatever happens, every message whose
/// RECEIPT(sent) the client saw is in the database afterwards ("never acks then loses"), and refused messages get
/// REJECT StoreUnavailable. The mount tests need root (a small tmpfs); elsewhere they are skipped.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class StoreFaultTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("udpsuite-store-fault-").FullName;

    public void Dispose()
    {
        Unmount(_root);
        Directory.Delete(_root, recursive: true);
    }

    private static IReadOnlyList<string> Arguments(string dataDirectory) =>
    [
        "server", "--time-port", "off", "--ntp-port", "off", "--rfc868-port", "off", "--daytime-port", "off",
        "--chat-port", "0", "--bind", "127.0.0.1", "--data-dir", dataDirectory,
    ];

    [Fact]
    public async Task A_database_with_corrupt_pages_stops_the_server_at_start_with_a_reason_and_exit_1()
    {
        string data = Path.Combine(_root, "data");
        using (SqliteChatStore store = SqliteChatStore.Open(data))
        {
            store.TryAddUser("alice", Chat.TestVerifiers.Create("pw"), NodaTime.Instant.FromUnixTimeSeconds(0));
            for (int i = 0; i < 200; i++)
            {
                store.Commit(Guid.NewGuid(), "alice", "alice", new string('x', 500), NodaTime.Instant.FromUnixTimeSeconds(i));
            }
        }

        SqliteConnection.ClearAllPools();
        string file = Path.Combine(data, SqliteChatStore.FileName);
        byte[] bytes = await File.ReadAllBytesAsync(file);
        Assert.True(bytes.Length > 16 * 4096, "the database spans many pages");
        var random = new Random(13);
        for (int at = 4096 * 3; at < bytes.Length; at += 4096 * 5)
        {
            random.NextBytes(bytes.AsSpan(at + 8, 200)); // garble b-tree pages, keep the header page intact
        }

        await File.WriteAllBytesAsync(file, bytes);

        (int exitCode, string stdout, string stderr) = await ServerProcess.RunToExitAsync(Arguments(data), TimeSpan.FromSeconds(30));
        output.WriteLine(stderr);

        Assert.Equal(1, exitCode);
        Assert.Contains("chat store", stderr, StringComparison.Ordinal);
        Assert.Contains(SqliteChatStore.FileName, stderr, StringComparison.Ordinal);
        Assert.Contains("corrupt", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listening chat", stdout, StringComparison.Ordinal);
    }

    [RootMountFact]
    public async Task A_read_only_data_directory_at_start_stops_the_server_with_a_reason_and_exit_1()
    {
        string data = MountTmpfs("ro,size=1m");
        (int exitCode, string stdout, string stderr) = await ServerProcess.RunToExitAsync(Arguments(data), TimeSpan.FromSeconds(30));
        output.WriteLine(stderr);

        Assert.Equal(1, exitCode);
        Assert.Contains("chat store", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening chat", stdout, StringComparison.Ordinal);
    }

    [RootMountFact]
    public async Task A_store_on_a_disk_remounted_read_only_stops_the_server_with_a_reason_and_keeps_what_was_acked()
    {
        string data = MountTmpfs("size=4m");
        var acked = new HashSet<Guid>();
        await using (ServerProcess server = await ServerProcess.StartAsync(Arguments(data), expectedListeners: ["chat"]))
        {
            using var alice = new ChatTestPeer(server.Endpoint("chat"), "alice");
            using var bob = new ChatTestPeer(server.Endpoint("chat"), "bob");
            Assert.Null(await alice.RegisterAsync("alice-ro"));
            Assert.Null(await bob.RegisterAsync("bob-ro"));
            Assert.Null(await alice.LoginAsync("alice-ro"));
            for (int i = 0; i < 10; i++)
            {
                acked.UnionWith(await SendAsync(alice, $"writable {i}"));
            }

            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(20)));
        }

        // Linux refuses to remount read-only while the server has the database open for writing, so the disk goes
        // read-only between two runs (as after an fsck or a failing disk): the second start must say so and stop.
        Run("mount", "-o", "remount,ro", data);
        (int exitCode, string stdout, string stderr) = await ServerProcess.RunToExitAsync(Arguments(data), TimeSpan.FromSeconds(30));
        output.WriteLine(stderr);
        Assert.Equal(1, exitCode);
        Assert.Contains("chat store", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening chat", stdout, StringComparison.Ordinal);
        AssertAllStored(data, acked, "bob");
        Figures.Report(output, $"store read-only: {acked.Count} acked on a writable disk; after remounting it read-only the server exits {exitCode} naming the chat store; {acked.Count} acked still in the database, 0 lost");
    }

    [RootMountFact]
    public async Task When_the_disk_fills_up_messages_are_refused_not_acked_and_nothing_acked_is_lost()
    {
        string data = MountTmpfs("size=512k");
        var acked = new HashSet<Guid>();
        int refused = 0, sent = 0;
        await using (ServerProcess server = await ServerProcess.StartAsync(Arguments(data), expectedListeners: ["chat"]))
        {
            using var alice = new ChatTestPeer(server.Endpoint("chat"), "alice");
            using var bob = new ChatTestPeer(server.Endpoint("chat"), "bob");
            Assert.Null(await alice.RegisterAsync("alice-full"));
            Assert.Null(await bob.RegisterAsync("bob-full"));
            Assert.Null(await alice.LoginAsync("alice-full"));

            string text = new('满', 3000); // 9 KB of UTF-8: several fragments per message
            while (sent < 400 && refused < 5)
            {
                sent++;
                Guid id = alice.Send("bob", $"{sent} {text}");
                Assert.True(await alice.WaitForAsync(() => alice.Rejects.Any(r => r.MessageId == id) || alice.Receipts.Any(r => r.MessageId == id && r.State == DeliveryState.Sent)),
                    $"message {sent}: neither RECEIPT(sent) nor REJECT");
                if (alice.Rejects.Any(r => r.MessageId == id))
                {
                    Assert.Equal(ChatErrorCode.StoreUnavailable, alice.Rejects.Single(r => r.MessageId == id).Code);
                    Assert.DoesNotContain(alice.Receipts, r => r.MessageId == id);
                    refused++;
                }
                else
                {
                    acked.Add(id);
                }
            }

            Assert.True(refused >= 5, $"the 512 KiB disk never filled ({sent} messages sent)");
            Assert.NotEmpty(acked);
            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(20)));
        }

        AssertAllStored(data, acked, "bob");
        Figures.Report(output, $"store disk full (512 KiB tmpfs): {sent} messages of 9 KB sent, {acked.Count} acked, {refused} refused with REJECT StoreUnavailable (none acked); all {acked.Count} acked in the database after SIGTERM, 0 lost");
    }

    /// <summary>Sends one message (resent up to 3 times) and returns its id once RECEIPT(sent) came.</summary>
    private static async Task<Guid[]> SendAsync(ChatTestPeer peer, string text, Guid? id = null)
    {
        Guid messageId = id ?? Guid.NewGuid();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            peer.Send("bob", text, messageId);
            if (await peer.WaitForAsync(() => peer.Receipts.Any(r => r.MessageId == messageId && r.State == DeliveryState.Sent)))
            {
                return [messageId];
            }
        }

        throw new Xunit.Sdk.XunitException($"no RECEIPT(sent) for {messageId}");
    }

    /// <summary>Copies the data directory off the test mount and checks every acked id is a stored message for <paramref name="recipient"/>.</summary>
    private void AssertAllStored(string data, IReadOnlySet<Guid> acked, string recipient)
    {
        string copy = Path.Combine(_root, "copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.EnumerateFiles(data))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        using SqliteChatStore store = SqliteChatStore.Open(copy);
        HashSet<Guid> stored = [.. store.Undelivered(recipient, 0, 100_000).Select(m => m.MessageId)];
        Assert.Empty(acked.Except(stored));
    }

    private string MountTmpfs(string options)
    {
        string mountPoint = Path.Combine(_root, "mnt");
        Directory.CreateDirectory(mountPoint);
        Run("mount", "-t", "tmpfs", "-o", options, "udpsuite-test", mountPoint);
        return mountPoint;
    }

    private static void Unmount(string root)
    {
        string mountPoint = Path.Combine(root, "mnt");
        if (Directory.Exists(mountPoint) && File.ReadAllText("/proc/mounts").Contains(mountPoint, StringComparison.Ordinal))
        {
            Run("umount", "-l", mountPoint);
        }
    }

    private static void Run(string command, params string[] arguments)
    {
        using Process process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true, UseShellExecute = false })!;
        string error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30_000) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed: {error}");
        }
    }
}

/// <summary>A fact that needs root and the right to mount a tmpfs (true in CI and on the dev machines, skipped elsewhere).</summary>
public sealed class RootMountFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Reason = new(Probe);

    public RootMountFactAttribute()
    {
        if (Reason.Value is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "needs root on Linux to mount a tmpfs";
        }

        string probe = Directory.CreateTempSubdirectory("udpsuite-mount-probe-").FullName;
        try
        {
            using Process mount = Process.Start(new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", "size=64k", "udpsuite-probe", probe]) { RedirectStandardError = true, UseShellExecute = false })!;
            mount.WaitForExit(10_000);
            if (mount.ExitCode != 0)
            {
                return "mounting a tmpfs is not permitted here";
            }

            using Process umount = Process.Start("umount", [probe]);
            umount.WaitForExit(10_000);
            return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "no mount command";
        }
        finally
        {
            Directory.Delete(probe);
        }
    }
}
