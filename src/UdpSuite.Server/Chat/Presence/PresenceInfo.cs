using NodaTime;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Presence;

/// <summary>One published presence of <paramref name="User"/>: what watchers are told, with its version and since when.</summary>
public readonly record struct PresenceInfo(string User, PresenceState State, string Status, ulong Version, Instant Since)
{
    public PresenceBody ToBody() => new(User, State, Version, Since.ToUnixTimeMilliseconds(), Status);
}
