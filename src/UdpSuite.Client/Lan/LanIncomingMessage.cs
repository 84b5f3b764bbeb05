using System.Net;

namespace UdpSuite.Client.Lan;

/// <summary>
/// A message from an IP Messenger, FeiQ or iptux user. <see cref="WantsReadReceipt"/>: the sender asked for READMSG
/// (SECRETOPT or READCHECKOPT), which <see cref="LanPeer.MarkReadAsync"/> sends once the user has read it.
/// Unencrypted and unauthenticated: the sender's name is only a claim.
/// </summary>
public sealed record LanIncomingMessage(LanPeerInfo From, ulong PacketNumber, string Text, DateTimeOffset ReceivedAt, bool Secret, bool WantsReadReceipt, bool HasFileOffers)
{
    /// <summary>The sender's endpoint.</summary>
    public IPEndPoint Endpoint => From.Endpoint;

    /// <summary>A stable id: <c>lan:ADDRESS:PORT:PACKET</c>.</summary>
    public string Id => FormattableString.Invariant($"lan:{From.Endpoint}:{PacketNumber}");
}
