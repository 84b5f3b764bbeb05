namespace UdpSuite.Protocol.Chat;

/// <summary>What a GROUP_REQUEST asks for.</summary>
public enum GroupOperation : byte
{
    /// <summary>Create a group (the sender becomes its owner and first member), optionally with an invite code.</summary>
    Create = 1,

    /// <summary>Join a group (with its invite code when it has one). Joining again is harmless.</summary>
    Join = 2,

    /// <summary>Leave a group. The owner's role passes to the longest-standing member; the last one out dissolves it.</summary>
    Leave = 3,

    /// <summary>A page of a group's members (members only).</summary>
    Members = 4,

    /// <summary>A page of the groups the sender belongs to.</summary>
    List = 5,

    /// <summary>Rename a group (owner only).</summary>
    Rename = 6,
}

/// <summary>
/// GROUP_REQUEST body. <see cref="Group"/> is empty for <see cref="GroupOperation.List"/>; <see cref="InviteCode"/>
/// travels with Create and Join (empty = none); <see cref="NewName"/> with Rename; <see cref="Start"/> (first entry
/// wanted) with Members and List.
/// </summary>
public sealed record GroupRequestBody(Guid RequestId, GroupOperation Operation, string Group, string InviteCode = "", string NewName = "", ushort Start = 0);

/// <summary>One entry of a Members or List page: a user (Members) or group (List) name, whether it is (the user is) the owner, and (List) the member count.</summary>
public readonly record struct GroupEntry(string Name, bool IsOwner, ushort MemberCount);

/// <summary>GROUP_RESULT body: which request, its status (<see cref="ChatErrorCode.None"/> = done), and for Members/List the total and one page of entries from the request's start.</summary>
public sealed record GroupResultBody(Guid RequestId, GroupOperation Operation, ChatErrorCode Status, ushort Total, IReadOnlyList<GroupEntry> Entries);

/// <summary>
/// GROUP_RECEIPT body (S→C, to a group message's sender): how many of the members it was committed for have it
/// (<see cref="Delivered"/>) and have read it (<see cref="Read"/>), out of <see cref="Members"/> (the members other
/// than the sender at commit time).
/// </summary>
public readonly record struct GroupReceiptBody(Guid MessageId, ulong GroupSequence, ushort Members, ushort Delivered, ushort Read, long UnixMilliseconds)
{
    /// <summary>Delivered + read: rises with every change, names the receipt in its ACK.</summary>
    public int Progress => Delivered + Read;
}
