using NodaTime;

namespace UdpSuite.Server.Chat.Store;

/// <summary>One message to commit, as <see cref="IChatStore.CommitAll"/> takes it.</summary>
public readonly record struct CommitRequest(Guid MessageId, string Sender, string Recipient, string Text, Instant CommittedAt);
