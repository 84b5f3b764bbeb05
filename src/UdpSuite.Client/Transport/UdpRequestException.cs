namespace UdpSuite.Client.Transport;

/// <summary>A request failed for a reason other than a timeout (refused, unresolvable host, malformed reply, KoD).</summary>
public class UdpRequestException : Exception
{
    public UdpRequestException()
    {
    }

    public UdpRequestException(string message)
        : base(message)
    {
    }

    public UdpRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
