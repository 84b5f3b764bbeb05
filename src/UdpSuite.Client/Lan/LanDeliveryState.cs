namespace UdpSuite.Client.Lan;

/// <summary>Where a message to a LAN peer stands.</summary>
public enum LanDeliveryState
{
    /// <summary>Sent, retransmitted until the peer's RECVMSG arrives.</summary>
    Sending,

    /// <summary>The peer's RECVMSG arrived.</summary>
    Delivered,

    /// <summary>The peer's READMSG arrived (the user opened it): only for messages sent with a read check.</summary>
    Read,

    /// <summary>No RECVMSG after every attempt, or the message could not be sent at all.</summary>
    Failed,
}
