using UdpSuite.Client.Transport;

namespace UdpSuite.Client.Sntp;

/// <summary>The server answered with a Kiss-o'-Death packet (e.g. RATE: the client asks too often).</summary>
public sealed class SntpKissOfDeathException : UdpRequestException
{
    public SntpKissOfDeathException()
    {
    }

    public SntpKissOfDeathException(string message)
        : base(message)
    {
    }

    public SntpKissOfDeathException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The kiss code (e.g. RATE, DENY).</summary>
    public string Code { get; init; } = string.Empty;
}
