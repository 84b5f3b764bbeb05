using NodaTime;

namespace UdpSuite.Server.Chat.Sessions;

/// <summary>
/// The relay's clock as the channel layer wants it (a <see cref="TimeSpan"/> that only moves forward): the injected
/// <c>IClock</c>'s instant since the Unix epoch, so tests on a FakeClock control key renewal and handshake expiry too.
/// </summary>
internal static class ChannelTime
{
    public static TimeSpan Of(Instant now) => TimeSpan.FromTicks(now.ToUnixTimeTicks());
}
