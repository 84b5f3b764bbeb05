using System.Text;
using NodaTime;
using NodaTime.Text;

namespace UdpSuite.Protocol.TimeText;

/// <summary>
/// Builds request payloads: the bare format when no option is set (the classic protocol, byte for byte),
/// otherwise <c>%{tz=...;at=...}</c> + format. A format that itself begins with <c>%{</c> is escaped with
/// an empty options block so the server reads it as a format.
/// </summary>
public static class TimeTextRequestBuilder
{
    public static byte[] Build(string? format, string? zone = null, Instant? at = null)
    {
        format ??= string.Empty;
        var options = new List<string>(2);
        if (!string.IsNullOrEmpty(zone))
        {
            if (zone.Contains(';', StringComparison.Ordinal) || zone.Contains('}', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{zone}' is not a time zone id", nameof(zone));
            }

            options.Add("tz=" + zone);
        }

        if (at is { } instant)
        {
            options.Add("at=" + InstantPattern.ExtendedIso.Format(instant));
        }

        bool escape = options.Count == 0 && format.StartsWith("%{", StringComparison.Ordinal);
        string prefix = options.Count > 0 ? "%{" + string.Join(';', options) + "}" : escape ? "%{}" : string.Empty;
        return Encoding.UTF8.GetBytes(prefix + format);
    }
}
