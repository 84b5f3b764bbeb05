using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace UdpSuite.Client.Transport;

/// <summary>
/// Sends one datagram and waits for one acceptable reply from the same server, with a hard timeout.
/// The socket is connected, so datagrams from other sources are ignored by the OS and an ICMP port-unreachable
/// surfaces at once as a clear error instead of a silent wait. Never hangs: every call ends with a reply,
/// <see cref="UdpTimeoutException"/>, <see cref="UdpRequestException"/> or cancellation.
/// </summary>
public sealed class UdpRequestClient
{
    /// <summary>Receive buffer size: any UDP payload fits, so no reply is truncated.</summary>
    public const int MaxReplyLength = 64 * 1024;

    public UdpRequestClient(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Timeout = timeout;
    }

    /// <summary>How long to wait for the reply.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// Sends <paramref name="payload"/> to <paramref name="server"/> and returns the first reply that
    /// <paramref name="accept"/> approves (all replies when null); others, such as stale answers to an earlier
    /// request, are skipped while the timeout runs.
    /// </summary>
    public Task<UdpReply> SendAsync(
        IPEndPoint server,
        ReadOnlyMemory<byte> payload,
        Func<ReadOnlyMemory<byte>, bool>? accept = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(server, () => payload, accept, cancellationToken);

    /// <summary>
    /// Like <see cref="SendAsync(IPEndPoint, ReadOnlyMemory{byte}, Func{ReadOnlyMemory{byte}, bool}?, CancellationToken)"/>, but the
    /// payload is produced by <paramref name="payloadFactory"/> immediately before it is sent (after socket set-up), and
    /// <paramref name="accept"/> runs immediately on receipt: time protocols stamp their clock readings there.
    /// </summary>
    public async Task<UdpReply> SendAsync(
        IPEndPoint server,
        Func<ReadOnlyMemory<byte>> payloadFactory,
        Func<ReadOnlyMemory<byte>, bool>? accept,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payloadFactory);
        ArgumentNullException.ThrowIfNull(server);
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        byte[] buffer = new byte[MaxReplyLength];
        try
        {
            await socket.ConnectAsync(server, timeout.Token).ConfigureAwait(false);
            ReadOnlyMemory<byte> payload = payloadFactory();
            long started = Stopwatch.GetTimestamp();
            await socket.SendAsync(payload, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            while (true)
            {
                int length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                TimeSpan roundTrip = Stopwatch.GetElapsedTime(started);
                ReadOnlyMemory<byte> reply = buffer.AsMemory(0, length);
                if (accept is null || accept(reply))
                {
                    return new UdpReply(reply.ToArray(), server, roundTrip);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UdpTimeoutException($"no reply from {server} within {Timeout.TotalMilliseconds:0} ms (is the server running and the port right?)");
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
        {
            throw new UdpRequestException($"{server} refused the request (ICMP port unreachable: nothing listens on that port)", ex);
        }
        catch (SocketException ex)
        {
            throw new UdpRequestException($"request to {server} failed: {ex.Message}", ex);
        }
    }
}
