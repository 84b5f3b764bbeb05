namespace UdpSuite.Server.Chat.Store;

/// <summary>What <see cref="IChatStore.Commit"/> did: the message as stored, and whether it was there already.</summary>
public readonly record struct CommitOutcome(StoredMessage Message, bool WasDuplicate);
