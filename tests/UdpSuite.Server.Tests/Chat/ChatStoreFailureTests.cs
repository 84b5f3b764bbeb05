using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Tests.Chat;

public sealed class ChatStoreFailureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("udpsuite-store-fail-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task When_the_store_fails_the_sender_gets_StoreUnavailable_and_no_ack_and_a_retry_after_recovery_commits()
    {
        var store = new FailingChatStore(SqliteChatStore.Open(_directory));
        await using var server = ChatTestServer.Start(_directory, store: store);
        using var alice = new ChatTestPeer(server.Endpoint, "alice");
        using var bob = new ChatTestPeer(server.Endpoint, "bob");
        Assert.Null(await alice.RegisterAsync("pw"));
        Assert.Null(await bob.RegisterAsync("pw"));
        Assert.Null(await alice.LoginAsync("pw"));

        store.FailMessageWrites = true;
        Guid id = alice.Send("bob", "will it stick?");
        Assert.True(await alice.WaitForAsync(() => alice.Rejects.Count == 1));
        await alice.DrainAsync(TimeSpan.FromMilliseconds(100));
        Assert.Equal(new RejectBody(id, ChatErrorCode.StoreUnavailable), alice.Rejects[0]);
        Assert.Empty(alice.Acks);
        Assert.Empty(alice.Receipts);
        Assert.Equal(1, server.Counters.Get(ChatEvents.StoreError));
        Assert.Contains(server.Log, line => line.Contains("chat store unavailable", StringComparison.Ordinal));

        store.FailMessageWrites = false;
        alice.Send("bob", "will it stick?", id);
        Assert.True(await alice.WaitForAsync(() => alice.Receipts.Count == 1));
        Assert.Equal((id, DeliveryState.Sent, 1UL), (alice.Receipts[0].MessageId, alice.Receipts[0].State, alice.Receipts[0].ServerSequence));
    }
}
