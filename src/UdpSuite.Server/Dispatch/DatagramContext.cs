using System.Net;
using NodaTime;

namespace UdpSuite.Server.Dispatch;

/// <summary>What the receive loop knows about a datagram besides its bytes.</summary>
/// <param name="Remote">The sender, as the OS reported it (no EndPoint allocation per datagram).</param>
/// <param name="ReceivedAt">Clock reading taken right after the receive completed (SNTP's receive timestamp).</param>
public readonly record struct DatagramContext(SocketAddress Remote, Instant ReceivedAt);
