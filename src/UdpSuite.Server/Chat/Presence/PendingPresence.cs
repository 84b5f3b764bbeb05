using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Sessions;

namespace UdpSuite.Server.Chat.Presence;

/// <summary>A PRESENCE push on its way to one watcher; a newer version of the user's presence replaces an older one.</summary>
internal sealed class PendingPresence(PresenceInfo info) : PendingPush<PresenceInfo>(info)
{
    public override ChatMessageType Type => ChatMessageType.Presence;

    /// <summary>True when the watcher's ACK of <paramref name="version"/> confirms the newest version waiting.</summary>
    public bool Acknowledge(ulong version) => IsConfirmedBy(version);

    public override int Write(Span<byte> body) => PresenceCodec.WritePresence(body, Body.ToBody());

    protected override ulong Rank(PresenceInfo body) => body.Version;
}
