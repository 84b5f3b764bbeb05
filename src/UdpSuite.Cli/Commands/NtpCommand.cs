using System.CommandLine;
using System.Globalization;
using System.Net;
using NodaTime.Text;
using UdpSuite.Client.Sntp;
using UdpSuite.Client.Transport;
using UdpSuite.Protocol.Sntp;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite ntp [--server HOST:PORT] [--timeout MS]</c>: one SNTP query; prints server time, offset, delay,
/// stratum, leap and refid, one <c>name value</c> pair per line. Exit 1 with a message on timeout, refusal or KoD.
/// </summary>
internal static class NtpCommand
{
    /// <summary>Default server: UdpSuite's own SNTP listener on this host.</summary>
    public const string DefaultServer = "127.0.0.1:1123";

    private const int DefaultPort = 123;

    public static Command Create()
    {
        Option<string> server = SharedOptions.Server(DefaultServer);
        Option<int> timeout = SharedOptions.Timeout();
        var command = new Command("ntp", "Query an SNTP/NTP server: time, offset, round-trip delay, stratum, leap, refid.");
        command.Options.Add(server);
        command.Options.Add(timeout);
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(server), parse.GetValue(timeout), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? serverText, int timeoutMs, CancellationToken cancellationToken)
    {
        try
        {
            IPEndPoint server = await UdpServerAddress.ResolveAsync(serverText, DefaultPort, cancellationToken).ConfigureAwait(false);
            SntpQueryResult result = await new SntpClient().QueryAsync(server, TimeSpan.FromMilliseconds(timeoutMs), cancellationToken).ConfigureAwait(false);
            Console.Out.Write(Render(server, result));
            return ExitCodes.Ok;
        }
        catch (UdpTimeoutException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite ntp: timeout: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (UdpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite ntp: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
    }

    private static string Render(IPEndPoint server, SntpQueryResult result)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        return string.Create(c, $"""
            server      {server}
            time        {InstantPattern.ExtendedIso.Format(result.ServerTime)}
            offset      {result.Offset.TotalSeconds:+0.000000;-0.000000} s
            delay       {result.Delay.TotalSeconds:0.000000} s
            stratum     {result.Stratum}
            leap        {LeapText(result.Leap)}
            refid       {result.ReferenceIdText}
            version     {result.Version}

            """);
    }

    private static string LeapText(NtpLeapIndicator leap) => leap switch
    {
        NtpLeapIndicator.NoWarning => "none",
        NtpLeapIndicator.LastMinuteHas61Seconds => "insert (last minute of the day has 61 s)",
        NtpLeapIndicator.LastMinuteHas59Seconds => "delete (last minute of the day has 59 s)",
        _ => "unsynchronised",
    };
}
