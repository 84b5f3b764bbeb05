namespace UdpSuite.Protocol.Chat;

/// <summary>PRESENCE_SET body: the user's chosen state and status text, under a request id (answered by REPLY).</summary>
public readonly record struct PresenceSetBody(uint RequestId, PresenceState State, string Status);

/// <summary>
/// PRESENCE body: <paramref name="User"/>'s presence. <paramref name="Version"/> grows with every change of that user's
/// presence (it starts from the server's Unix milliseconds, so it keeps growing across server restarts); a watcher
/// applies a push only when its version is higher than the last one it applied, so each change is shown once.
/// </summary>
public readonly record struct PresenceBody(string User, PresenceState State, ulong Version, long SinceUnixMilliseconds, string Status);

/// <summary>PRESENCE_ACK body: the watcher received <see cref="PresenceBody"/> of <paramref name="User"/> at <paramref name="Version"/>.</summary>
public readonly record struct PresenceAckBody(string User, ulong Version);

/// <summary>CONTACT_ADD / CONTACT_REMOVE body: request id and the account concerned.</summary>
public readonly record struct ContactChangeBody(uint RequestId, string Contact);

/// <summary>CONTACT_LIST body: request id and the index of the first contact wanted (names come sorted).</summary>
public readonly record struct ContactListBody(uint RequestId, ushort Offset);

/// <summary>REPLY header: which request it answers and how it went (<see cref="ChatErrorCode.None"/> = done).</summary>
public readonly record struct ReplyHeader(uint RequestId, ChatErrorCode Code);

/// <summary>The CONTACT_LIST part of a REPLY: how many contacts there are, where this page starts, its names.</summary>
public sealed record ContactPage(ushort Total, ushort Offset, IReadOnlyList<string> Names);
