namespace UdpSuite.Protocol.Chat;

/// <summary>Fixed numbers of the group part of the chat protocol (docs/PROTOCOL.md, "Groups").</summary>
public static class GroupWire
{
    /// <summary>Group names follow the user-name rules (<see cref="ChatUserName"/>): 1-64 bytes of UTF-8.</summary>
    public const int MaxGroupNameBytes = ChatWire.MaxUserNameBytes;

    /// <summary>Invite codes: 0 (none) to 64 bytes of UTF-8.</summary>
    public const int MaxInviteCodeBytes = 64;

    /// <summary>Most members of one group (the owner included); keeps fan-out and receipt counts bounded.</summary>
    public const int MaxMembers = 256;

    /// <summary>Most groups one user may belong to.</summary>
    public const int MaxGroupsPerUser = 256;

    /// <summary>
    /// ACK indexes from here up to <see cref="SessionBodyCodec.ReceiptAckBase"/> (exclusive) confirm a GROUP_RECEIPT:
    /// 0x8000 + delivered + read. Both counts only rise, so their sum names the receipt: a late ACK of older counts
    /// never retires newer ones.
    /// </summary>
    public const ushort GroupReceiptAckBase = 0x8000;

    /// <summary>The ACK index that confirms a GROUP_RECEIPT with these counts.</summary>
    public static ushort GroupReceiptAckIndex(int delivered, int read) => (ushort)(GroupReceiptAckBase + Math.Clamp(delivered + read, 0, 2 * MaxMembers));

    /// <summary>Whether <paramref name="index"/> confirms a GROUP_RECEIPT, and its progress (delivered + read).</summary>
    public static bool TryGetGroupReceiptAckProgress(ushort index, out int progress)
    {
        progress = index - GroupReceiptAckBase;
        return index >= GroupReceiptAckBase && progress <= 2 * MaxMembers;
    }

    /// <summary>Whether <paramref name="name"/> may name a group (the user-name rules).</summary>
    public static bool IsValidGroupName(string? name) => ChatUserName.IsValid(name);

    /// <summary>Whether <paramref name="code"/> may be an invite code: empty (none) or up to 64 bytes without control characters.</summary>
    public static bool IsValidInviteCode(string? code) =>
        code is not null && (code.Length == 0 || (System.Text.Encoding.UTF8.GetByteCount(code) <= MaxInviteCodeBytes && ChatUserName.IsValid(code)));
}
