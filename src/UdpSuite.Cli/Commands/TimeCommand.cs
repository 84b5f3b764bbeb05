using System.CommandLine;
using System.Net;
using NodaTime;
using UdpSuite.Client.TimeText;
using UdpSuite.Client.Transport;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite time [--server HOST:PORT] [--zone IANA] [--at INSTANT] [--timeout MS] [FORMAT]</c>: asks a time-text
/// server and prints its reply. Exit 1 with a clear message on timeout, refusal or an <c>ERR</c> reply.
/// </summary>
internal static class TimeCommand
{
    public const string DefaultServer = "127.0.0.1:9000";

    private const int DefaultPort = 9000;

    public static Command Create()
    {
        Option<string> server = SharedOptions.Server(DefaultServer);
        Option<int> timeout = SharedOptions.Timeout();
        var zone = new Option<string?>("--zone", "-z") { Description = "IANA time zone for this request (default: the server's)" };
        var at = new Option<string?>("--at") { Description = "Ask for this instant instead of now (ISO-8601 or @SECONDS)" };
        var format = new Argument<string?>("FORMAT") { Description = "strftime format (default: the server's, %Y-%m-%d %X)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("time", "Ask a time-text server for the time in a strftime format.");
        command.Options.Add(server);
        command.Options.Add(zone);
        command.Options.Add(at);
        command.Options.Add(timeout);
        command.Arguments.Add(format);
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(server), parse.GetValue(zone), parse.GetValue(at), parse.GetValue(timeout), parse.GetValue(format), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? serverText, string? zone, string? atText, int timeoutMs, string? format, CancellationToken cancellationToken)
    {
        Instant? at = null;
        if (atText is not null)
        {
            if (!InstantArgument.TryParse(atText, out Instant parsed, out string error))
            {
                await Console.Error.WriteLineAsync($"udpsuite time: --at: {error}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            at = parsed;
        }

        try
        {
            IPEndPoint server = await UdpServerAddress.ResolveAsync(serverText, DefaultPort, cancellationToken).ConfigureAwait(false);
            TimeTextResult result = await new TimeTextClient(TimeSpan.FromMilliseconds(timeoutMs))
                .QueryAsync(server, format, zone, at, cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(result.Text).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (TimeTextErrorException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite time: server error {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (UdpTimeoutException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite time: timeout: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (UdpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite time: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite time: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
    }
}
