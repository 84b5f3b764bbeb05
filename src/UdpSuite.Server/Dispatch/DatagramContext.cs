using System.Net;
using NodaTime;

namespace UdpSuite.Server.Dispatch;

/// <summary>What the receive loop knows about a datagram besides its bytes.</summary>
/// <param name="Remote">The sender, as the OS reported it (no EndPoint allocation per datagram).</param>
/// <param name="ReceivedAt">
/// Clock reading taken when the loop hands the datagram to the handler (SNTP's receive timestamp): after the receive
/// returned and, when several datagrams came in one receive, after the ones before it were handled. Not a kernel
/// timestamp.
/// </param>
public readonly record struct DatagramContext(SocketAddress Remote, Instant ReceivedAt);
