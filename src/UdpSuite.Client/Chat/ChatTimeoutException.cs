namespace UdpSuite.Client.Chat;

/// <summary>The chat server did not answer in time (it is down, the port is wrong, or the network drops everything).</summary>
public sealed class ChatTimeoutException : ChatException
{
    public ChatTimeoutException()
    {
    }

    public ChatTimeoutException(string message)
        : base(message)
    {
    }

    public ChatTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
