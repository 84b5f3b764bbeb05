using System.Net;
using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>Groups against the real server process on loopback: management, fan-out, counts, offline members, refusals.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class GroupTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Create_join_with_invite_code_members_list_rename_and_leave_work_and_refusals_say_why()
    {
        using var data = new TemporaryDirectory();
        await using var server = await ChatServer.StartAsync(data.Path);
        IPEndPoint endpoint = server.ChatEndpoint();
        await using ChatClient alice = await TestAccounts.RegisterAndLoginAsync(endpoint, "狗哥alex");
        await using ChatClient bob = await TestAccounts.RegisterAndLoginAsync(endpoint, "瞎驴");
        await using ChatClient carol = await TestAccounts.RegisterAndLoginAsync(endpoint, "一棵树");

        await alice.CreateGroupAsync("同事们", "暗号");
        Assert.Equal(ChatErrorCode.GroupExists, (await Assert.ThrowsAsync<ChatException>(() => bob.CreateGroupAsync("同事们"))).Code);
        Assert.Equal(ChatErrorCode.BadInviteCode, (await Assert.ThrowsAsync<ChatException>(() => bob.JoinGroupAsync("同事们", "wrong"))).Code);
        Assert.Equal(ChatErrorCode.BadInviteCode, (await Assert.ThrowsAsync<ChatException>(() => bob.JoinGroupAsync("同事们"))).Code);
        Assert.Equal(ChatErrorCode.NotGroupMember, (await Assert.ThrowsAsync<ChatException>(() => bob.GetGroupMembersAsync("同事们"))).Code);
        Assert.Equal(ChatErrorCode.UnknownGroup, (await Assert.ThrowsAsync<ChatException>(() => bob.JoinGroupAsync("no such group", "暗号"))).Code);

        await bob.JoinGroupAsync("同事们", "暗号");
        await bob.JoinGroupAsync("同事们", "暗号"); // again: harmless
        await carol.JoinGroupAsync("同事们", "暗号");
        Assert.Equal(
            [new GroupMember("狗哥alex", true), new GroupMember("瞎驴", false), new GroupMember("一棵树", false)],
            await carol.GetGroupMembersAsync("同事们"));
        Assert.Equal([new GroupSummary("同事们", 3, false)], await bob.ListGroupsAsync());

        Assert.Equal(ChatErrorCode.NotGroupOwner, (await Assert.ThrowsAsync<ChatException>(() => bob.RenameGroupAsync("同事们", "team"))).Code);
        await alice.RenameGroupAsync("同事们", "team");
        Assert.Equal(ChatErrorCode.UnknownGroup, (await Assert.ThrowsAsync<ChatException>(() => bob.GetGroupMembersAsync("同事们"))).Code);
        Assert.Equal([new GroupSummary("team", 3, true)], await alice.ListGroupsAsync());

        await alice.LeaveGroupAsync("team");
        Assert.Equal(ChatErrorCode.NotGroupMember, (await Assert.ThrowsAsync<ChatException>(() => alice.LeaveGroupAsync("team"))).Code);
        Assert.Empty(await alice.ListGroupsAsync());
        Assert.Equal([new GroupMember("瞎驴", true), new GroupMember("一棵树", false)], await carol.GetGroupMembersAsync("team"));
    }

    [Fact]
    public async Task Messages_fan_out_in_group_order_offline_members_get_them_at_login_and_the_sender_sees_counts()
    {
        using var data = new TemporaryDirectory();
        await using var server = await ChatServer.StartAsync(data.Path);
        IPEndPoint endpoint = server.ChatEndpoint();
        await using ChatClient alice = await TestAccounts.RegisterAndLoginAsync(endpoint, "alice");
        await using ChatClient bob = await TestAccounts.RegisterAndLoginAsync(endpoint, "bob");
        await using var bobInbox = new MessageCollector(bob);
        await using (ChatClient daveBefore = await TestAccounts.RegisterAndLoginAsync(endpoint, "武大郎"))
        {
            await daveBefore.JoinGroupAsync("lunch").ContinueWith(_ => { }); // not there yet: refused, ignored
            await alice.CreateGroupAsync("lunch");
            await bob.JoinGroupAsync("lunch");
            await daveBefore.JoinGroupAsync("lunch");
            await daveBefore.LogoutAsync();
        }

        var sent = new List<OutgoingMessage>();
        for (int i = 0; i < 10; i++)
        {
            sent.Add(await alice.SendToGroupAsync("lunch", $"lunch #{i} 吃什么"));
        }

        await bobInbox.WaitForCountAsync(10, Limit);
        Assert.Equal(sent.Select(m => m.Text), bobInbox.Messages.Select(m => m.Text));
        Assert.All(bobInbox.Messages, m => Assert.Equal(("lunch", "lunch", "alice"), (m.Group, m.To, m.From)));
        Assert.Equal(Enumerable.Range(1, 10).Select(k => (ulong)k), bobInbox.Messages.Select(m => m.GroupSequence));
        Assert.Equal(sent.Select(m => m.Id), bobInbox.Messages.Select(m => m.GroupMessageId));
        Assert.Equal(Enumerable.Range(1, 10).Select(k => (ulong)k), sent.Select(m => m.ServerSequence));

        // Dave is offline: one of two members has each message, so the sender sees 1/2 and stays "sent".
        using (var counted = new CancellationTokenSource(Limit))
        {
            while (sent.Any(m => m.GroupCounts?.Delivered != 1))
            {
                await Task.Delay(20, counted.Token);
            }
        }

        Assert.All(sent, m => Assert.Equal((DeliveryState.Sent, new GroupDeliveryCounts(2, 1, 0)), (m.State, m.GroupCounts)));

        await using var dave = new ChatClient(endpoint, TestAccounts.FastOptions());
        await using var daveInbox = new MessageCollector(dave);
        await dave.LoginAsync("武大郎", TestAccounts.PasswordOf("武大郎"));
        await daveInbox.WaitForCountAsync(10, Limit);
        Assert.Equal(bobInbox.Messages.Select(m => (m.GroupMessageId, m.GroupSequence, m.Text)), daveInbox.Messages.Select(m => (m.GroupMessageId, m.GroupSequence, m.Text)));
        Assert.NotEqual(bobInbox.Messages[0].Id, daveInbox.Messages[0].Id); // each member's copy has its own id

        using var delivered = new CancellationTokenSource(Limit);
        await Task.WhenAll(sent.Select(m => m.WaitForAsync(DeliveryState.Delivered, delivered.Token)));
        Assert.All(sent, m => Assert.Equal(new GroupDeliveryCounts(2, 2, 0), m.GroupCounts));

        await bob.MarkReadAsync(bobInbox.Messages[0].Id);
        using (var oneRead = new CancellationTokenSource(Limit))
        {
            while (sent[0].GroupCounts?.Read != 1)
            {
                await Task.Delay(20, oneRead.Token);
            }
        }

        Assert.Equal(DeliveryState.Delivered, sent[0].State);
        await dave.MarkReadAsync(daveInbox.Messages[0].Id);
        using var read = new CancellationTokenSource(Limit);
        Assert.Equal(DeliveryState.Read, await sent[0].WaitForAsync(DeliveryState.Read, read.Token));
        Assert.Equal(new GroupDeliveryCounts(2, 2, 2), sent[0].GroupCounts);
    }

    [Fact]
    public async Task Non_members_can_neither_post_nor_read_and_joiners_get_only_messages_committed_after_they_joined()
    {
        using var data = new TemporaryDirectory();
        await using var server = await ChatServer.StartAsync(data.Path);
        IPEndPoint endpoint = server.ChatEndpoint();
        await using ChatClient alice = await TestAccounts.RegisterAndLoginAsync(endpoint, "alice");
        await using ChatClient mallory = await TestAccounts.RegisterAndLoginAsync(endpoint, "mallory");
        await using var malloryInbox = new MessageCollector(mallory);
        await alice.CreateGroupAsync("secret");

        OutgoingMessage intrusion = await mallory.SendToGroupAsync("secret", "let me in");
        OutgoingMessage nowhere = await mallory.SendToGroupAsync("nowhere", "hello?");
        using (var refused = new CancellationTokenSource(Limit))
        {
            Assert.Equal(DeliveryState.Failed, await intrusion.WaitForAsync(DeliveryState.Sent, refused.Token));
            Assert.Equal(DeliveryState.Failed, await nowhere.WaitForAsync(DeliveryState.Sent, refused.Token));
        }

        Assert.Equal(ChatErrorCode.NotGroupMember, intrusion.RejectCode);
        Assert.Equal(ChatErrorCode.UnknownGroup, nowhere.RejectCode);
        Assert.Equal(ChatErrorCode.NotGroupMember, (await Assert.ThrowsAsync<ChatException>(() => mallory.GetGroupMembersAsync("secret"))).Code);

        OutgoingMessage before = await alice.SendToGroupAsync("secret", "before mallory joined");
        using (var stored = new CancellationTokenSource(Limit))
        {
            Assert.Equal(DeliveryState.Sent, await before.WaitForAsync(DeliveryState.Sent, stored.Token));
        }

        await mallory.JoinGroupAsync("secret");
        OutgoingMessage after = await alice.SendToGroupAsync("secret", "after mallory joined");
        await malloryInbox.WaitForCountAsync(1, Limit);
        using (var delivered = new CancellationTokenSource(Limit))
        {
            await after.WaitForAsync(DeliveryState.Delivered, delivered.Token);
        }

        Assert.Equal(["after mallory joined"], malloryInbox.Messages.Select(m => m.Text));
        Assert.Null(before.GroupCounts); // nobody but the sender was in the group: 0 members, no counts to report
    }
}
