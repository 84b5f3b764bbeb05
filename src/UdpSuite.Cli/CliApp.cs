using System.CommandLine;
using UdpSuite.Cli.Commands;

namespace UdpSuite.Cli;

/// <summary>
/// Builds the <c>udpsuite</c> root command from one factory per subcommand (a file each under Commands/) and runs it.
/// Parse errors exit with <see cref="ExitCodes.Usage"/>.
/// </summary>
internal static class CliApp
{
    /// <summary>Every subcommand; adding one is one line here.</summary>
    private static Command[] CreateCommands() =>
    [
        ServerKeyCommand.AttachTo(ServerCommand.Create()),
        TimeCommand.Create(),
        NtpCommand.Create(),
        StrftimeCommand.Create(),
        RegisterCommand.Create(),
        SendCommand.Create(),
        ListenCommand.Create(),
        ChatCommand.Create(),
        GroupCommand.Create(),
        PresenceCommand.Create(),
        ContactsCommand.Create(),
        SessionsCommand.Create(),
        HistoryCommand.Create(),
        DiscoverCommand.Create(),
        DoctorCommand.Create(),
        LanCommand.Create(),
        CompletionCommand.Create(),
    ];

    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("UdpSuite: LAN messenger and time service over UDP.");
        foreach (Command command in CreateCommands())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        // No response files: "@SECONDS" is an instant (as date -d takes it), not a file of arguments.
        ParseResult parse = CreateRootCommand().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"udpsuite: {error.Message}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Try 'udpsuite --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // The generic host handles SIGINT/SIGTERM itself (graceful shutdown); System.CommandLine must not race it.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(invocation).ConfigureAwait(false);
    }
}
