using System.Net;

namespace UdpSuite.Protocol.Chat;

/// <summary>READ_SYNC body: another session of the user read <paramref name="MessageId"/> (a message to the user).</summary>
public readonly record struct ReadSyncBody(Guid MessageId, ulong LogSequence, long ReadAtUnixMilliseconds);

/// <summary>What a HISTORY_REQUEST pages.</summary>
public enum HistoryKind : byte
{
    /// <summary>The 1:1 conversation with one account.</summary>
    Conversation = 1,

    /// <summary>A group's messages (those the asking member may see).</summary>
    Group = 2,
}

/// <summary>
/// HISTORY_REQUEST body: one page of <paramref name="Kind"/> <paramref name="Name"/>, newest first, of entries older
/// than position <paramref name="Before"/> (0 = from the newest), at most <paramref name="Limit"/> (1-100) of them.
/// </summary>
public readonly record struct HistoryRequestBody(uint RequestId, HistoryKind Kind, string Name, ulong Before, byte Limit);

/// <summary>
/// One stored message in a history page. <paramref name="Position"/> orders the conversation (commit order for 1:1, the
/// group sequence for groups); <paramref name="MessageId"/> is the sender's id (the group message id for groups), the
/// one deliveries carried, so a client merges pages into its history without duplicates.
/// </summary>
public sealed record HistoryEntry(ulong Position, Guid MessageId, long SentAtUnixMilliseconds, bool Outgoing, DeliveryState State, string From, string Text);

/// <summary>
/// A history page (the reassembled HISTORY_DATA envelope): the answer to request <paramref name="RequestId"/>, its
/// <paramref name="Code"/> (<see cref="ChatErrorCode.None"/> = done), entries newest first, and where the next older page
/// starts (<paramref name="NextBefore"/>, 0 = there is none).
/// </summary>
public sealed record HistoryPage(uint RequestId, ChatErrorCode Code, ulong NextBefore, IReadOnlyList<HistoryEntry> Entries);

/// <summary>SESSIONS_LIST body: request id and the index of the first session wanted.</summary>
public readonly record struct SessionsListBody(uint RequestId, byte Offset);

/// <summary>SESSION_END body: request id and the session to end.</summary>
public readonly record struct SessionEndBody(uint RequestId, ulong SessionId);

/// <summary>One of the user's sessions as SESSIONS_LIST reports it.</summary>
/// <param name="SessionId">The session's id (the TRANSPORT header's; not a secret).</param>
/// <param name="Transient">A one-shot command's session.</param>
/// <param name="Current">The session that asked.</param>
/// <param name="DeviceId">The device it logged in as (0 for clients from before sessions).</param>
/// <param name="DeviceName">The device's name.</param>
/// <param name="Address">The session's validated address.</param>
/// <param name="LoggedInAtUnixMilliseconds">When it logged in.</param>
/// <param name="IdleMilliseconds">Time since its last sealed datagram.</param>
public sealed record SessionInfo(
    ulong SessionId, bool Transient, bool Current, ulong DeviceId, string DeviceName, IPEndPoint Address, long LoggedInAtUnixMilliseconds, uint IdleMilliseconds);

/// <summary>The SESSIONS_LIST part of a REPLY: how many sessions there are, where this page starts, its entries.</summary>
public sealed record SessionsPage(byte Total, byte Offset, IReadOnlyList<SessionInfo> Sessions);
