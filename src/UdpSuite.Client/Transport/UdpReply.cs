using System.Net;

namespace UdpSuite.Client.Transport;

/// <summary>One reply datagram: its exact bytes, who sent it and the round-trip time since the request left.</summary>
public sealed record UdpReply(ReadOnlyMemory<byte> Payload, IPEndPoint Remote, TimeSpan RoundTrip);
