using System.Text;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Client.Chat;

/// <summary>
/// Groups: create / join / leave / members / list / rename (GROUP_REQUEST, retransmitted until its GROUP_RESULT
/// arrives or <see cref="ChatClientOptions.HandshakeTimeout"/> passes), posting to a group (GROUP_DATA, with the same
/// reliability as 1:1 messages) and the counts the sender gets back (GROUP_RECEIPT).
/// </summary>
public sealed partial class ChatClient
{
    /// <summary>Most pages one members/list query reads (256 members fit in far fewer).</summary>
    private const int MaxPages = 300;

    private readonly GroupRequestOutbox _groupRequests = new();

    /// <summary>
    /// Creates <paramref name="group"/>: this user becomes its owner and first member. With an <paramref name="inviteCode"/>,
    /// joining needs that code. Throws <see cref="ChatException"/> (<see cref="ChatErrorCode.GroupExists"/>,
    /// <see cref="ChatErrorCode.BadGroupName"/>, <see cref="ChatErrorCode.GroupFull"/>) or <see cref="ChatTimeoutException"/>.
    /// </summary>
    public async Task CreateGroupAsync(string group, string? inviteCode = null, CancellationToken cancellationToken = default)
    {
        group = NewGroupName(group, nameof(group));
        if (!GroupWire.IsValidInviteCode(inviteCode ?? string.Empty))
        {
            throw new ArgumentException($"an invite code is at most {GroupWire.MaxInviteCodeBytes} bytes of UTF-8 without control characters or surrounding spaces", nameof(inviteCode));
        }

        await RunGroupRequestAsync(new GroupRequestBody(Guid.NewGuid(), GroupOperation.Create, group, inviteCode ?? string.Empty), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Joins <paramref name="group"/> (with its invite code when it has one); joining again is harmless. From now on this user gets the group's new messages.</summary>
    public async Task JoinGroupAsync(string group, string? inviteCode = null, CancellationToken cancellationToken = default)
    {
        ValidateGroupName(group);
        string code = inviteCode ?? string.Empty;
        if (Encoding.UTF8.GetByteCount(code) > GroupWire.MaxInviteCodeBytes)
        {
            throw new ChatException(ChatErrorCode.BadInviteCode, "the invite code is too long");
        }

        await RunGroupRequestAsync(new GroupRequestBody(Guid.NewGuid(), GroupOperation.Join, group, code), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Leaves <paramref name="group"/>. Messages already committed for this user still arrive; new ones do not.</summary>
    public async Task LeaveGroupAsync(string group, CancellationToken cancellationToken = default)
    {
        ValidateGroupName(group);
        await RunGroupRequestAsync(new GroupRequestBody(Guid.NewGuid(), GroupOperation.Leave, group), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renames <paramref name="group"/> to <paramref name="newName"/> (owner only).</summary>
    public async Task RenameGroupAsync(string group, string newName, CancellationToken cancellationToken = default)
    {
        ValidateGroupName(group);
        newName = NewGroupName(newName, nameof(newName));
        await RunGroupRequestAsync(new GroupRequestBody(Guid.NewGuid(), GroupOperation.Rename, group, NewName: newName), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The members of <paramref name="group"/> in the order they joined (members only: others get <see cref="ChatErrorCode.NotGroupMember"/>).</summary>
    public async Task<IReadOnlyList<GroupMember>> GetGroupMembersAsync(string group, CancellationToken cancellationToken = default)
    {
        ValidateGroupName(group);
        IReadOnlyList<GroupEntry> entries = await ReadPagesAsync(GroupOperation.Members, group, cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(e => new GroupMember(e.Name, e.IsOwner))];
    }

    /// <summary>The groups this user belongs to, by name.</summary>
    public async Task<IReadOnlyList<GroupSummary>> ListGroupsAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<GroupEntry> entries = await ReadPagesAsync(GroupOperation.List, string.Empty, cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(e => new GroupSummary(e.Name, e.MemberCount, e.IsOwner))];
    }

    /// <summary>
    /// Posts <paramref name="text"/> to <paramref name="group"/>, like <see cref="SendAsync(string, string, TimeSpan?, CancellationToken)"/>: the message goes Sending → Sent
    /// (the server stored it in the group's log; <see cref="OutgoingMessage.ServerSequence"/> is its group sequence) →
    /// Delivered (every member has it) → Read (every member read it), with <see cref="OutgoingMessage.GroupCounts"/> in
    /// between; or Failed (deadline, or refused: <see cref="ChatErrorCode.UnknownGroup"/>, <see cref="ChatErrorCode.NotGroupMember"/>).
    /// One message per group is in flight until "sent", so the group's log keeps this client's order.
    /// </summary>
    public Task<OutgoingMessage> SendToGroupAsync(string group, string text, TimeSpan? deadline = null, CancellationToken cancellationToken = default) =>
        SendToGroupAsync(Guid.NewGuid(), group, text, deadline, cancellationToken);

    /// <summary>
    /// As <see cref="SendToGroupAsync(string, string, TimeSpan?, CancellationToken)"/>, with the id chosen by the caller:
    /// an application that stores its outgoing messages before sending them submits one again after a restart under
    /// the same id (as for <see cref="SendAsync(Guid, string, string, TimeSpan?, CancellationToken)"/>).
    /// </summary>
    public Task<OutgoingMessage> SendToGroupAsync(Guid messageId, string group, string text, TimeSpan? deadline = null, CancellationToken cancellationToken = default)
    {
        ValidateGroupName(group);
        ArgumentNullException.ThrowIfNull(text);
        return Submit(messageId, group, text, isGroup: true, deadline, cancellationToken);
    }

    private async Task<IReadOnlyList<GroupEntry>> ReadPagesAsync(GroupOperation operation, string group, CancellationToken cancellationToken)
    {
        var entries = new List<GroupEntry>();
        for (int page = 0; page < MaxPages; page++)
        {
            GroupResultBody result = await RunGroupRequestAsync(
                new GroupRequestBody(Guid.NewGuid(), operation, group, Start: (ushort)entries.Count), cancellationToken).ConfigureAwait(false);
            entries.AddRange(result.Entries);
            if (result.Entries.Count == 0 || entries.Count >= result.Total)
            {
                break;
            }
        }

        return entries;
    }

    /// <summary>Sends the request until answered; returns a success, throws for a refusal or a timeout.</summary>
    private async Task<GroupResultBody> RunGroupRequestAsync(GroupRequestBody request, CancellationToken cancellationToken)
    {
        var body = new byte[ChannelWire.MaxSealedBody];
        int length = GroupBodyCodec.WriteRequest(body, request);
        Task<GroupResultBody> answer;
        lock (_gate)
        {
            RequireSession();
            answer = _groupRequests.Add(request.RequestId, body[..length]);
            SendDueGroupRequests(Now());
        }

        Wake();
        GroupResultBody result;
        try
        {
            result = await answer.WaitAsync(_options.HandshakeTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new ChatTimeoutException($"no answer to the group request ({request.Operation}) from {Server} within {_options.HandshakeTimeout.TotalSeconds:0.#} s");
        }
        finally
        {
            lock (_gate)
            {
                _groupRequests.Forget(request.RequestId);
            }
        }

        if (result.Status != ChatErrorCode.None)
        {
            string what = request.Operation == GroupOperation.List ? "listing groups" : $"{request.Operation.ToString().ToLowerInvariant()} of group '{request.Group}'";
            throw new ChatException(result.Status, $"{what} refused by the server: {result.Status}");
        }

        return result;
    }

    /// <summary>Under <see cref="_gate"/>: (re)sends every group request that is due.</summary>
    private void SendDueGroupRequests(long now)
    {
        if (_session is null || _groupRequests.Count == 0)
        {
            return;
        }

        foreach (byte[] body in _groupRequests.TakeDue(now, _rto.Timeout))
        {
            body.CopyTo(_sendBody);
            SendSecure(ChatMessageType.GroupRequest, body.Length);
        }
    }

    private bool HandleGroupResult(ReadOnlySpan<byte> body)
    {
        if (!GroupBodyCodec.TryReadResult(body, out GroupResultBody result))
        {
            return false;
        }

        _groupRequests.Complete(result); // a duplicate answer is ignored
        return true;
    }

    /// <summary>New counts for a group message this user sent: acknowledged (naming the counts), applied, and Delivered/Read once every member got there.</summary>
    private bool HandleGroupReceipt(ReadOnlySpan<byte> body, long now, List<OutgoingStateChange> changes)
    {
        if (!GroupBodyCodec.TryReadReceipt(body, out GroupReceiptBody receipt))
        {
            return false;
        }

        int ackLength = SessionBodyCodec.WriteAck(_sendBody, new AckBody(receipt.MessageId, GroupWire.GroupReceiptAckIndex(receipt.Delivered, receipt.Read)));
        SendSecure(ChatMessageType.Ack, ackLength);
        if (_tracked.TryGetValue(receipt.MessageId, out OutgoingMessage message))
        {
            DeliveryState state = receipt.Members == 0 || receipt.Delivered < receipt.Members ? DeliveryState.Sent
                : receipt.Read < receipt.Members ? DeliveryState.Delivered
                : DeliveryState.Read;
            changes.Add(new OutgoingStateChange(message, state, receipt.GroupSequence) { Counts = new GroupDeliveryCounts(receipt.Members, receipt.Delivered, receipt.Read) });
            if (state == DeliveryState.Read)
            {
                _tracked.Remove(receipt.MessageId);
            }
        }

        // Counts mean the server stored it, even if its RECEIPT(sent) is still on the way: the group's queue moves on.
        if (_outbox.Settle(receipt.MessageId))
        {
            Pump(now, changes);
        }

        return true;
    }

    /// <summary>A name for a new or renamed group, canonical (NFC) after the name rules (<see cref="ChatNames"/>), or <see cref="ArgumentException"/> naming the offending character.</summary>
    private static string NewGroupName(string group, string parameter)
    {
        NameCheck check = ChatNames.Check(group, "group name");
        return check.IsValid ? check.Canonical! : throw new ArgumentException(check.Error, parameter);
    }

    private static void ValidateGroupName(string group)
    {
        if (!GroupWire.IsValidGroupName(group))
        {
            throw new ArgumentException($"'{group}' is not a valid group name (1-{GroupWire.MaxGroupNameBytes} bytes of UTF-8, no control characters, no surrounding spaces)", nameof(group));
        }
    }
}
