namespace UdpSuite.Server.Security;

/// <summary>The server's key file cannot be read, is not a key, or cannot be created. The message says which and what to do.</summary>
public sealed class ServerKeyException : Exception
{
    public ServerKeyException()
    {
    }

    public ServerKeyException(string message)
        : base(message)
    {
    }

    public ServerKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
