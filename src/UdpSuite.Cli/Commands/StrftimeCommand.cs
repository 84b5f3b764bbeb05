using System.CommandLine;
using NodaTime;
using UdpSuite.Time.Strftime;
using UdpSuite.TimeZones;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite strftime [--at INSTANT] [--zone IANA] FORMAT</c>: formats offline with the server's engine and the
/// host's zoneinfo, like <c>date -d INSTANT +FORMAT</c>; prints exactly the formatted bytes and a newline.
/// </summary>
internal static class StrftimeCommand
{
    /// <summary>Largest result printed; a width such as <c>%2000000000Y</c> gets an error, not 2 GB of zeros.</summary>
    private const int MaxResultBytes = 1 << 20;

    public static Command Create()
    {
        var at = new Option<string?>("--at") { Description = "Instant to format: ISO-8601 (2026-11-24T08:00:00Z, ...+08:00) or @SECONDS (default: now)" };
        var zone = new Option<string?>("--zone", "-z") { Description = "IANA time zone (default: the host's)" };
        var format = new Argument<string>("FORMAT") { Description = "strftime format, e.g. '%Y-%m-%d %H:%M:%S %Z'" };
        var command = new Command("strftime", "Format an instant offline with UdpSuite's strftime engine (like date -d).");
        command.Options.Add(at);
        command.Options.Add(zone);
        command.Arguments.Add(format);
        command.SetAction(parse => Run(parse.GetValue(at), parse.GetValue(zone), parse.GetValue(format) ?? string.Empty));
        return command;
    }

    private static int Run(string? atText, string? zoneId, string format)
    {
        Instant instant = SystemClock.Instance.GetCurrentInstant();
        if (atText is not null && !InstantArgument.TryParse(atText, out instant, out string error))
        {
            Console.Error.WriteLine($"udpsuite strftime: --at: {error}");
            return ExitCodes.Usage;
        }

        IDateTimeZoneProvider zones = TimeZoneProviders.CreateDefault();
        DateTimeZone? zone;
        if (string.IsNullOrEmpty(zoneId))
        {
            zone = zones.GetSystemDefault();
        }
        else if (!TimeZoneProviders.TryGetZone(zones, zoneId, out zone))
        {
            Console.Error.WriteLine($"udpsuite strftime: unknown time zone '{zoneId}' (expected an IANA id such as Asia/Shanghai)");
            return ExitCodes.Error;
        }

        BrokenDownTime time = BrokenDownTime.From(instant, zone);
        var compiled = StrftimeFormat.Compile(format);
        byte[] buffer = new byte[4096];
        FormatResult result = compiled.Format(in time, buffer);
        if (!result.Success && result.RequiredLength <= MaxResultBytes)
        {
            buffer = new byte[result.RequiredLength];
            result = compiled.Format(in time, buffer);
        }

        if (!result.Success)
        {
            Console.Error.WriteLine($"udpsuite strftime: the result would be {result.RequiredLength} bytes, over the {MaxResultBytes}-byte limit");
            return ExitCodes.Error;
        }

        using Stream stdout = Console.OpenStandardOutput();
        stdout.Write(buffer, 0, result.BytesWritten);
        stdout.WriteByte((byte)'\n');
        return ExitCodes.Ok;
    }
}
