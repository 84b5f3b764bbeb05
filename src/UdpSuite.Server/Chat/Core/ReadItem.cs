using NodaTime;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Core;

/// <summary>
/// Up to <see cref="Room"/> entries of <see cref="Session"/>'s user's log after sequence <see cref="After"/>; with
/// <see cref="Backlog"/> (at login) also the device's stored cursor (the read starts above it) and the receipts and group
/// counts the user has not acknowledged as a sender.
/// </summary>
internal readonly record struct ReadItem(ChatSession Session, ulong After, int Room, bool Backlog, int ReceiptLimit, Instant At)
{
    public IReadOnlyList<LogEntry>? Entries { get; init; }

    /// <summary>The device's stored cursor, read at login (null for other reads).</summary>
    public ulong? DeviceCursor { get; init; }

    /// <summary>At login: messages to the user read since the device's last session ended, most recently read first.</summary>
    public IReadOnlyList<StoredMessage>? ReadElsewhere { get; init; }

    public IReadOnlyList<StoredMessage>? UnnotifiedReceipts { get; init; }

    public IReadOnlyList<GroupProgress>? UnnotifiedGroupReceipts { get; init; }

    public ChatStoreException? Failure { get; init; }
}
