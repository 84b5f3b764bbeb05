using System.Text;
using System.Text.Unicode;
using NodaTime;
using NodaTime.Text;

namespace UdpSuite.Protocol.TimeText;

/// <summary>
/// Reads a time-text request: <c>[%{key=value;...}]FORMAT</c>. A plain format keeps the classic meaning;
/// the options block is an unambiguous extension because <c>%{</c> is not a strftime conversion (glibc
/// would print it verbatim). A classic format that really starts with <c>%{</c> can be sent as <c>%{}%{...</c>.
/// Options: <c>tz</c> (alias <c>zone</c>) = IANA id; <c>at</c> = ISO-8601 instant (<c>2026-11-24T08:00:00Z</c>).
/// </summary>
public static class TimeTextRequestParser
{
    private static readonly byte[] DefaultFormatBytes = Encoding.UTF8.GetBytes(TimeTextProtocol.DefaultFormat);

    public static TimeTextError Parse(ReadOnlySpan<byte> payload, out TimeTextRequest request)
    {
        request = default;
        if (!Utf8.IsValid(payload))
        {
            return TimeTextError.InvalidUtf8;
        }

        if (payload.IndexOf((byte)0) >= 0)
        {
            return TimeTextError.NulByte;
        }

        ReadOnlySpan<byte> zone = default;
        Instant? at = null;
        ReadOnlySpan<byte> format = payload;
        if (payload.StartsWith(TimeTextProtocol.OptionsOpen))
        {
            int close = payload.IndexOf((byte)'}');
            if (close < 0)
            {
                return payload.Length > TimeTextProtocol.MaxOptionsBytes ? TimeTextError.TooLong : TimeTextError.BadOption;
            }

            if (close + 1 > TimeTextProtocol.MaxOptionsBytes)
            {
                return TimeTextError.TooLong;
            }

            TimeTextError optionError = ParseOptions(payload[2..close], ref zone, ref at);
            if (optionError != TimeTextError.None)
            {
                return optionError;
            }

            format = payload[(close + 1)..];
        }

        if (format.Length > TimeTextProtocol.MaxFormatBytes)
        {
            return TimeTextError.TooLong;
        }

        request = new TimeTextRequest(format.IsEmpty ? DefaultFormatBytes : format, zone, at);
        return TimeTextError.None;
    }

    private static TimeTextError ParseOptions(ReadOnlySpan<byte> options, ref ReadOnlySpan<byte> zone, ref Instant? at)
    {
        while (!options.IsEmpty)
        {
            int end = options.IndexOf((byte)';');
            ReadOnlySpan<byte> option = end < 0 ? options : options[..end];
            options = end < 0 ? default : options[(end + 1)..];
            if (option.IsEmpty)
            {
                continue;
            }

            int equals = option.IndexOf((byte)'=');
            if (equals <= 0)
            {
                return TimeTextError.BadOption;
            }

            ReadOnlySpan<byte> key = option[..equals];
            ReadOnlySpan<byte> value = option[(equals + 1)..];
            if (key.SequenceEqual("tz"u8) || key.SequenceEqual("zone"u8))
            {
                if (value.IsEmpty)
                {
                    return TimeTextError.BadOption;
                }

                zone = value;
            }
            else if (key.SequenceEqual("at"u8))
            {
                ParseResult<Instant> parsed = InstantPattern.ExtendedIso.Parse(Encoding.UTF8.GetString(value));
                if (!parsed.Success)
                {
                    return TimeTextError.BadOption;
                }

                at = parsed.Value;
            }
            else
            {
                return TimeTextError.BadOption;
            }
        }

        return TimeTextError.None;
    }
}
