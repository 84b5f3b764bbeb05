using UdpSuite.Client.Sntp;
using UdpSuite.Client.TimeText;

namespace UdpSuite.Tui.Time;

/// <summary>The two time questions the time panel asks: a formatted time-text reply and an SNTP measurement.</summary>
public interface ITimeService
{
    /// <summary>Where time-text queries go, as shown to the user.</summary>
    string TimeServer { get; }

    /// <summary>Where SNTP queries go, as shown to the user.</summary>
    string SntpServer { get; }

    /// <summary>Asks for the time in <paramref name="format"/> (and <paramref name="zone"/> when not null).</summary>
    Task<TimeTextResult> QueryTextAsync(string format, string? zone, CancellationToken cancellationToken);

    /// <summary>One SNTP exchange.</summary>
    Task<SntpQueryResult> QuerySntpAsync(CancellationToken cancellationToken);
}
