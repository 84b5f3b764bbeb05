namespace UdpSuite.Protocol.Chat;

/// <summary>What the sender of a message may learn about it, in order; <see cref="Failed"/> is client-side only.</summary>
public enum DeliveryState : byte
{
    Sending = 0,

    /// <summary>The server committed the message to its durable store.</summary>
    Sent = 1,

    /// <summary>The recipient's client received the whole message and acknowledged it.</summary>
    Delivered = 2,

    /// <summary>The recipient's client reported that the user viewed it.</summary>
    Read = 3,

    /// <summary>The sender's deadline passed before the server committed the message.</summary>
    Failed = 4,
}
