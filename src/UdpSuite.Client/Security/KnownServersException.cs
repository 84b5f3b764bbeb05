namespace UdpSuite.Client.Security;

/// <summary>known_servers cannot be read or written (not a malformed line: those are reported, see <see cref="KnownServersProblem"/>).</summary>
public sealed class KnownServersException : Exception
{
    public KnownServersException()
    {
    }

    public KnownServersException(string message)
        : base(message)
    {
    }

    public KnownServersException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
