namespace UdpSuite.Server.Hosting;

/// <summary>A listener could not bind its address; the message names the listener, the address and the reason.</summary>
public sealed class ListenerBindException : Exception
{
    public ListenerBindException()
    {
    }

    public ListenerBindException(string message)
        : base(message)
    {
    }

    public ListenerBindException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
