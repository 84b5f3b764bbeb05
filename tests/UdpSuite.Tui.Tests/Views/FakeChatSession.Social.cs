using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Tests.Views;

// Groups, server-side contacts and presence as an in-memory server would keep them: requests complete at once.
internal sealed partial class FakeChatSession
{
    private readonly Dictionary<string, List<GroupMember>> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _inviteCodes = new(StringComparer.Ordinal);

    public event EventHandler<string>? AccountUnknown;

    /// <summary>Accounts that exist on the fake server (null: every account exists).</summary>
    public HashSet<string>? ExistingAccounts { get; set; }

    /// <summary>The server-side contacts.</summary>
    public SortedSet<string> ServerContacts { get; } = new(StringComparer.Ordinal);

    /// <summary>Every PRESENCE_SET the UI sent, in order.</summary>
    public List<(PresenceState State, string Status)> PresenceSets { get; } = [];

    /// <summary>Group messages the UI sent.</summary>
    public List<(Guid Id, string Group, string Text)> GroupSent { get; } = [];

    /// <summary>Makes a group as another user would have: <paramref name="members"/> in order, the first owns it.</summary>
    public void HaveGroup(string group, params string[] members) =>
        _groups[group] = [.. members.Select((m, i) => new GroupMember(m, i == 0))];

    public OutgoingMessage SendToGroup(Guid messageId, string group, string text)
    {
        GroupSent.Add((messageId, group, text));
        var message = new OutgoingMessage(messageId, group, text, group);
        message.StateChanged += (_, _) => DeliveryChanged?.Invoke(this, message);
        message.GroupCountsChanged += (_, _) => DeliveryChanged?.Invoke(this, message);
        _outgoing[messageId] = message;
        return message;
    }

    /// <summary>Plays a GROUP_RECEIPT: new counts, and the state they imply.</summary>
    public void CountGroup(Guid id, int members, int delivered, int read)
    {
        OutgoingMessage message = _outgoing[id];
        message.TryAdvance(DeliveryState.Sent);
        message.UpdateGroupCounts(new GroupDeliveryCounts(members, delivered, read));
    }

    /// <summary>Delivers a group message from <paramref name="from"/>.</summary>
    public Guid ReceiveInGroup(string group, string from, string text)
    {
        var id = Guid.NewGuid();
        MessageReceived?.Invoke(this, new IncomingMessage(id, from, group, text, DateTimeOffset.Now, _nextSequence++) { Group = group, GroupSequence = 1, GroupMessageId = Guid.NewGuid() });
        return id;
    }

    public Task<IReadOnlyList<GroupSummary>> ListGroupsAsync() =>
        Task.FromResult<IReadOnlyList<GroupSummary>>([.. _groups.Where(g => g.Value.Any(m => m.Name == UserName)).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new GroupSummary(g.Key, g.Value.Count, g.Value[0].Name == UserName))]);

    public Task<IReadOnlyList<GroupMember>> GroupMembersAsync(string group) =>
        _groups.TryGetValue(group, out List<GroupMember>? members) && members.Any(m => m.Name == UserName)
            ? Task.FromResult<IReadOnlyList<GroupMember>>([.. members])
            : Task.FromException<IReadOnlyList<GroupMember>>(new ChatException(ChatErrorCode.NotGroupMember, $"members of group '{group}' refused by the server: NotGroupMember"));

    public Task CreateGroupAsync(string group, string? inviteCode)
    {
        if (_groups.ContainsKey(group))
        {
            return Task.FromException(new ChatException(ChatErrorCode.GroupExists, $"create of group '{group}' refused by the server: GroupExists"));
        }

        _groups[group] = [new GroupMember(UserName, true)];
        if (inviteCode is not null)
        {
            _inviteCodes[group] = inviteCode;
        }

        return Task.CompletedTask;
    }

    public Task JoinGroupAsync(string group, string? inviteCode)
    {
        if (!_groups.TryGetValue(group, out List<GroupMember>? members))
        {
            return Task.FromException(new ChatException(ChatErrorCode.UnknownGroup, $"join of group '{group}' refused by the server: UnknownGroup"));
        }

        if (_inviteCodes.TryGetValue(group, out string? code) && code != inviteCode)
        {
            return Task.FromException(new ChatException(ChatErrorCode.BadInviteCode, $"join of group '{group}' refused by the server: BadInviteCode"));
        }

        if (!members.Any(m => m.Name == UserName))
        {
            members.Add(new GroupMember(UserName, false));
        }

        return Task.CompletedTask;
    }

    public Task LeaveGroupAsync(string group)
    {
        if (_groups.TryGetValue(group, out List<GroupMember>? members))
        {
            members.RemoveAll(m => m.Name == UserName);
        }

        return Task.CompletedTask;
    }

    public Task RenameGroupAsync(string group, string newName)
    {
        if (!_groups.Remove(group, out List<GroupMember>? members))
        {
            return Task.FromException(new ChatException(ChatErrorCode.UnknownGroup, "rename refused: UnknownGroup"));
        }

        _groups[newName] = members;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListContactsAsync() => Task.FromResult<IReadOnlyList<string>>([.. ServerContacts]);

    public Task AddContactAsync(string account)
    {
        if (ExistingAccounts is { } existing && !existing.Contains(account))
        {
            AccountUnknown?.Invoke(this, account);
            return Task.FromException(new ChatException(ChatErrorCode.UnknownRecipient, $"adding contact '{account}' refused by the server: UnknownRecipient (no such user)"));
        }

        ServerContacts.Add(account);
        return Task.CompletedTask;
    }

    public Task RemoveContactAsync(string account)
    {
        ServerContacts.Remove(account);
        return Task.CompletedTask;
    }

    public Task SetPresenceAsync(PresenceState state, string status)
    {
        PresenceSets.Add((state, status));
        return Task.CompletedTask;
    }

    /// <summary>Plays the session's contact sync finding that <paramref name="account"/> does not exist.</summary>
    public void ReportUnknown(string account) => AccountUnknown?.Invoke(this, account);
}
