using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// Reads the instants users type: ISO-8601 with <c>Z</c> or an offset (<c>2026-11-24T08:00:00Z</c>,
/// <c>2026-11-24T16:00:00+08:00</c>, fractions allowed), or <c>@SECONDS</c> since the epoch as <c>date -d</c> takes.
/// </summary>
internal static class InstantArgument
{
    public static bool TryParse(string text, out Instant instant, out string error)
    {
        instant = default;
        error = string.Empty;
        if (text.StartsWith('@'))
        {
            if (long.TryParse(text.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds)
                && seconds >= Instant.MinValue.ToUnixTimeSeconds() && seconds <= Instant.MaxValue.ToUnixTimeSeconds())
            {
                instant = Instant.FromUnixTimeSeconds(seconds);
                return true;
            }

            error = $"'{text}' is not @SECONDS since 1970-01-01T00:00:00Z";
            return false;
        }

        ParseResult<Instant> utc = InstantPattern.ExtendedIso.Parse(text);
        if (utc.Success)
        {
            instant = utc.Value;
            return true;
        }

        ParseResult<OffsetDateTime> withOffset = OffsetDateTimePattern.ExtendedIso.Parse(text);
        if (withOffset.Success)
        {
            instant = withOffset.Value.ToInstant();
            return true;
        }

        error = $"'{text}' is not an ISO-8601 instant such as 2026-11-24T08:00:00Z or 2026-11-24T16:00:00+08:00, nor @SECONDS";
        return false;
    }
}
