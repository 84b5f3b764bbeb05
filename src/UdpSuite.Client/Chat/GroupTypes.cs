namespace UdpSuite.Client.Chat;

/// <summary>Of the <paramref name="Members"/> a group message was committed for (everyone in the group but its sender), how many have it and how many read it.</summary>
public readonly record struct GroupDeliveryCounts(int Members, int Delivered, int Read);

/// <summary>A member of a group; the owner may rename it.</summary>
public sealed record GroupMember(string Name, bool IsOwner);

/// <summary>A group this user belongs to: its name, how many members it has, and whether this user owns it.</summary>
public sealed record GroupSummary(string Name, int MemberCount, bool IsOwner);
