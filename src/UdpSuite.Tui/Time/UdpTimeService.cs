using System.Net;
using UdpSuite.Client.Sntp;
using UdpSuite.Client.TimeText;
using UdpSuite.Client.Transport;

namespace UdpSuite.Tui.Time;

/// <summary><see cref="ITimeService"/> over the real UDP clients; addresses are resolved per query so a reload of contacts.json takes effect.</summary>
public sealed class UdpTimeService(string timeServer, string sntpServer, TimeSpan timeout) : ITimeService
{
    public const int DefaultTimePort = 9000;
    public const int DefaultSntpPort = 123;

    public string TimeServer { get; } = timeServer;

    public string SntpServer { get; } = sntpServer;

    public async Task<TimeTextResult> QueryTextAsync(string format, string? zone, CancellationToken cancellationToken)
    {
        IPEndPoint server = await UdpServerAddress.ResolveAsync(TimeServer, DefaultTimePort, cancellationToken).ConfigureAwait(false);
        return await new TimeTextClient(timeout).QueryAsync(server, format, zone, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<SntpQueryResult> QuerySntpAsync(CancellationToken cancellationToken)
    {
        IPEndPoint server = await UdpServerAddress.ResolveAsync(SntpServer, DefaultSntpPort, cancellationToken).ConfigureAwait(false);
        return await new SntpClient().QueryAsync(server, timeout, cancellationToken).ConfigureAwait(false);
    }
}
