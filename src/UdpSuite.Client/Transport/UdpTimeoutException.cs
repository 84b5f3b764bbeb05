namespace UdpSuite.Client.Transport;

/// <summary>No (acceptable) reply arrived within the timeout; the message names the server and the timeout.</summary>
public sealed class UdpTimeoutException : TimeoutException
{
    public UdpTimeoutException()
    {
    }

    public UdpTimeoutException(string message)
        : base(message)
    {
    }

    public UdpTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
