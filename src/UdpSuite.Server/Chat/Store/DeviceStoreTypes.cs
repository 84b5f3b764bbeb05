using NodaTime;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Store;

/// <summary>
/// What the store remembers of one device of a user: every entry of the user's log up to <paramref name="Cursor"/> was
/// confirmed by one of its sessions. <paramref name="LastSeen"/> is when it last confirmed something or a session of it
/// ended (read syncs after that are sent at its next login).
/// </summary>
public sealed record DeviceCursor(ulong DeviceId, string Name, ulong Cursor, Instant FirstSeen, Instant LastSeen);

/// <summary>
/// One entry of a user's log (docs/PROTOCOL.md, "The user's log and each device's cursor"): a message to the user, or
/// (<paramref name="IsCopy"/>) the copy of a message from the user, which the device <paramref name="OriginDevice"/>
/// sent and so does not get. <paramref name="Sequence"/> is the entry's log sequence, and so is the message's
/// <see cref="StoredMessage.InboxSequence"/> here (the number a delivery to this user carries). A group post's copy has the copy id <c>GroupCopyId(group message id,
/// user)</c>, sender and recipient the user, and the group tag.
/// </summary>
public sealed record LogEntry(ulong Sequence, StoredMessage Message, bool IsCopy, ulong OriginDevice);

/// <summary>The presence a user chose (PRESENCE_SET), kept across logins and restarts; <paramref name="Version"/> is the version it was pushed with.</summary>
public sealed record PresenceChoice(PresenceState State, string Status, ulong Version, Instant ChangedAt);

/// <summary>
/// One page of stored history for a HISTORY_REQUEST: <paramref name="Code"/> (<see cref="ChatErrorCode.None"/>, or why
/// not), the entries newest first, and the position to ask from for older ones (0 = none).
/// </summary>
public sealed record StoredHistoryPage(ChatErrorCode Code, IReadOnlyList<HistoryEntry> Entries, ulong NextBefore)
{
    public static StoredHistoryPage Refused(ChatErrorCode code) => new(code, [], 0);
}
