namespace UdpSuite.Protocol.Chat;

/// <summary>
/// What marks a delivered message as a group message: the group's name, the message's position in the group's log
/// (dense, 1, 2, 3, ... — the same for every member, so every member sees one order), and the id the sender chose.
/// </summary>
public sealed record GroupTag(string Name, ulong Sequence, Guid MessageId);
