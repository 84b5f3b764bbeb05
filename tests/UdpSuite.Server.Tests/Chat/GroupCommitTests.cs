using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Tests.Chat;

/// <summary>
/// Group commit: submissions completed inside one receive batch are stored with one <see cref="IChatStore.CommitAll"/>
/// and acknowledged only after it returned. The test holds a batch open itself (the loop's own batches nest inside it).
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("udpsuite-group-commit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<ChatTestPeer> LoggedIn(ChatTestServer server, string user)
    {
        var peer = new ChatTestPeer(server.Endpoint, user);
        Assert.Null(await peer.RegisterAsync("pw"));
        Assert.Null(await peer.LoginAsync("pw"));
        server.Tick(); // loads the (empty) backlog
        return peer;
    }

    [Fact]
    public async Task Submissions_of_one_batch_are_committed_together_and_acknowledged_only_after_the_commit()
    {
        var store = new FailingChatStore(SqliteChatStore.Open(_directory));
        await using var server = ChatTestServer.Start(_directory, store: store);
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        using ChatTestPeer carol = await LoggedIn(server, "carol");
        using ChatTestPeer bob = await LoggedIn(server, "bob");

        server.Handler.OnBatchStart();
        Guid fromAlice = alice.Send("bob", "one");
        Guid fromCarol = carol.Send("bob", "two");
        Assert.True(await alice.WaitForAsync(() => server.Handler.PendingCommitCount == 2));
        await alice.DrainAsync(TimeSpan.FromMilliseconds(100));
        Assert.Empty(store.CommitAllSizes);
        Assert.Empty(alice.Acks);
        Assert.Empty(alice.Receipts);
        Assert.Empty(bob.Deliveries);

        server.Handler.OnBatchEnd();
        Assert.True(await alice.WaitForAsync(() => alice.Receipts.Any(r => r.MessageId == fromAlice && r.State == DeliveryState.Sent)));
        Assert.True(await carol.WaitForAsync(() => carol.Receipts.Any(r => r.MessageId == fromCarol && r.State == DeliveryState.Sent)));
        Assert.True(await bob.WaitForAsync(() => bob.Deliveries.Count == 2));
        Assert.Equal([2], store.CommitAllSizes);
        Assert.Equal(["one", "two"], bob.Deliveries.OrderBy(d => d.ServerSequence).Select(d => d.Text));
        Assert.Equal([1UL, 2UL], bob.Deliveries.Select(d => d.ServerSequence).Order());
    }

    [Fact]
    public async Task A_failed_group_commit_rejects_every_message_of_the_batch_and_acknowledges_none()
    {
        var store = new FailingChatStore(SqliteChatStore.Open(_directory));
        await using var server = ChatTestServer.Start(_directory, store: store);
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        using ChatTestPeer carol = await LoggedIn(server, "carol");
        using ChatTestPeer bob = await LoggedIn(server, "bob");

        store.FailMessageWrites = true;
        server.Handler.OnBatchStart();
        Guid fromAlice = alice.Send("bob", "one");
        Guid fromCarol = carol.Send("bob", "two");
        Assert.True(await alice.WaitForAsync(() => server.Handler.PendingCommitCount == 2));
        server.Handler.OnBatchEnd();

        Assert.True(await alice.WaitForAsync(() => alice.Rejects.Count == 1));
        Assert.True(await carol.WaitForAsync(() => carol.Rejects.Count == 1));
        await alice.DrainAsync(TimeSpan.FromMilliseconds(100));
        Assert.Equal(new RejectBody(fromAlice, ChatErrorCode.StoreUnavailable), alice.Rejects[0]);
        Assert.Equal(new RejectBody(fromCarol, ChatErrorCode.StoreUnavailable), carol.Rejects[0]);
        Assert.Empty(alice.Acks);
        Assert.Empty(carol.Acks);
        Assert.Empty(alice.Receipts);
        Assert.Empty(bob.Deliveries);
        Assert.Empty(store.Undelivered("bob", 0, 10));
    }

    [Fact]
    public async Task The_timer_commits_what_a_batch_left_pending()
    {
        var store = new FailingChatStore(SqliteChatStore.Open(_directory));
        await using var server = ChatTestServer.Start(_directory, store: store);
        using ChatTestPeer alice = await LoggedIn(server, "alice");
        using ChatTestPeer bob = await LoggedIn(server, "bob");

        server.Handler.OnBatchStart(); // never ended: the timer is the safety net
        Guid id = alice.Send("bob", "late but safe");
        Assert.True(await alice.WaitForAsync(() => server.Handler.PendingCommitCount == 1));
        server.Tick();

        Assert.True(await alice.WaitForAsync(() => alice.Receipts.Any(r => r.MessageId == id && r.State == DeliveryState.Sent)));
        Assert.Equal([1], store.CommitAllSizes);
        server.Handler.OnBatchEnd();
    }
}
