namespace UdpSuite.Tui.Conversations;

/// <summary>
/// Which conversation a message belongs to: the one with another account, or a group's. An account and a group may
/// have the same name, so the kind is part of the identity.
/// </summary>
internal readonly record struct ConversationId(string Name, bool IsGroup)
{
    public static ConversationId Person(string account) => new(account, IsGroup: false);

    public static ConversationId Group(string group) => new(group, IsGroup: true);

    public override string ToString() => IsGroup ? "#" + Name : Name;
}
