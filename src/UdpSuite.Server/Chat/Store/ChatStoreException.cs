namespace UdpSuite.Server.Chat.Store;

/// <summary>The store could not do what was asked (read-only or full disk, corrupt file, ...); the message says what and where.</summary>
public sealed class ChatStoreException : Exception
{
    public ChatStoreException()
    {
    }

    public ChatStoreException(string message)
        : base(message)
    {
    }

    public ChatStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
