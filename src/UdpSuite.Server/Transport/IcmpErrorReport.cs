using System.Net.Sockets;

namespace UdpSuite.Server.Transport;

/// <summary>
/// Recognises the socket errors that are not about the current call: the kernel turns an ICMP "port unreachable"
/// for an earlier reply (its client went away) into an error on the socket's next receive or send. They say nothing
/// about the listener's health, so loops count them without logging or backing off.
/// </summary>
internal static class IcmpErrorReport
{
    public static bool Is(SocketError error) => error is SocketError.ConnectionReset or SocketError.ConnectionRefused;
}
