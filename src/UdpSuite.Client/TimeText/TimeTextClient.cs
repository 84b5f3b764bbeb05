using System.Net;
using System.Text;
using NodaTime;
using UdpSuite.Client.Transport;
using UdpSuite.Protocol.TimeText;

namespace UdpSuite.Client.TimeText;

/// <summary>Asks a time-text server for the time in a strftime format (optionally in a zone, or for a given instant).</summary>
public sealed class TimeTextClient
{
    private readonly UdpRequestClient _requests;

    public TimeTextClient(TimeSpan timeout)
    {
        _requests = new UdpRequestClient(timeout);
    }

    /// <summary>
    /// The server's reply text and round-trip time. Throws <see cref="TimeTextErrorException"/> for an
    /// <c>ERR</c> reply, <see cref="UdpTimeoutException"/> when no reply comes, <see cref="UdpRequestException"/>
    /// when nothing listens there.
    /// </summary>
    public async Task<TimeTextResult> QueryAsync(
        IPEndPoint server, string? format, string? zone = null, Instant? at = null, CancellationToken cancellationToken = default)
    {
        byte[] payload = TimeTextRequestBuilder.Build(format, zone, at);
        UdpReply reply = await _requests.SendAsync(server, payload, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (TimeTextReply.TryReadError(reply.Payload.Span, out string code, out string explanation))
        {
            throw new TimeTextErrorException(code, explanation);
        }

        return new TimeTextResult(Encoding.UTF8.GetString(reply.Payload.Span), reply.RoundTrip, server);
    }
}

/// <summary>One answered query.</summary>
public sealed record TimeTextResult(string Text, TimeSpan RoundTrip, IPEndPoint Server);

/// <summary>The server answered with <c>ERR code: explanation</c>.</summary>
public sealed class TimeTextErrorException : Exception
{
    public TimeTextErrorException(string code, string explanation)
        : base(explanation.Length == 0 ? code : $"{code}: {explanation}")
    {
        Code = code;
        Explanation = explanation;
    }

    public TimeTextErrorException()
    {
        Code = string.Empty;
        Explanation = string.Empty;
    }

    public TimeTextErrorException(string message)
        : base(message)
    {
        Code = string.Empty;
        Explanation = message;
    }

    public TimeTextErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = string.Empty;
        Explanation = message;
    }

    /// <summary>The code word after <c>ERR</c>: <c>utf8</c>, <c>nul</c>, <c>too-long</c>, <c>option</c>, <c>zone</c>, <c>too-big</c>, <c>ambiguous</c>.</summary>
    public string Code { get; }

    public string Explanation { get; }
}
