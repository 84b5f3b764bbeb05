using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Sessions;

/// <summary>
/// A READ_SYNC on its way to a receiving session (docs/PROTOCOL.md, "Read sync"): another session of the user read the
/// message; retransmitted with the session's RTO until ACK(message id, 0xFE03). A read happens once, so there is
/// nothing to raise: the rank is constant.
/// </summary>
internal sealed class PendingReadSync(ReadSyncBody body) : PendingPush<ReadSyncBody>(body)
{
    public override ChatMessageType Type => ChatMessageType.ReadSync;

    public override int Write(Span<byte> body) => SessionsCodec.WriteReadSync(body, Body);

    protected override ulong Rank(ReadSyncBody body) => 1;
}

/// <summary>
/// The answer to a session's latest HISTORY_REQUEST (one in flight per session): the page, sent as HISTORY_DATA
/// fragments and retransmitted fragment by fragment until acknowledged; kept after that so a resent request id is not
/// run again.
/// </summary>
internal sealed record HistoryAnswer(uint RequestId, OutboundMessage Page);
