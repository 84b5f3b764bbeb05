namespace UdpSuite.Server.Transport;

/// <summary>Drop reasons the transport assigns (a loop's <see cref="DatagramDispatcher"/>, the sender); handlers bring their own.</summary>
internal static class TransportDropReasons
{
    /// <summary>The handler threw; the datagram is dropped and the loop goes on.</summary>
    public const string HandlerError = "handler-error";

    /// <summary>The handler asked to send more than the amplification rule allows.</summary>
    public const string Amplification = "amplification";

    /// <summary>The handler returned a length outside its reply buffer.</summary>
    public const string BadReplyLength = "bad-reply-length";

    /// <summary>The socket reported an error (e.g. ICMP port unreachable) on receive.</summary>
    public const string ReceiveError = "receive-error";

    /// <summary>The reply could not be sent.</summary>
    public const string SendError = "send-error";
}
