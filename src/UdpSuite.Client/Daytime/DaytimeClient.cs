using System.Net;
using System.Text;
using UdpSuite.Client.Transport;

namespace UdpSuite.Client.Daytime;

/// <summary>RFC 867 Daytime client over UDP: sends an empty datagram and returns the reply line without its line ending.</summary>
public static class DaytimeClient
{
    private static readonly Encoding Ascii = Encoding.ASCII;

    /// <summary>Returns the server's daytime text and the round trip; throws on timeout.</summary>
    public static async Task<(string Text, TimeSpan RoundTrip)> QueryAsync(IPEndPoint server, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        UdpReply reply = await new UdpRequestClient(timeout).SendAsync(server, ReadOnlyMemory<byte>.Empty, null, cancellationToken).ConfigureAwait(false);
        return (Ascii.GetString(reply.Payload.Span).TrimEnd('\r', '\n'), reply.RoundTrip);
    }
}
