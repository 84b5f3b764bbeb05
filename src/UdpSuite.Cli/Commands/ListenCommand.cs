using System.CommandLine;
using System.Globalization;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Text;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite listen [--json] [--count N] [--mark-read] [--confirm-stdin]</c>: logs in, prints incoming messages as they
/// arrive (in conversation order) and confirms each one's delivery only after its line was written and flushed, so a
/// listener that dies before printing gets the message again at its next login. With <c>--confirm-stdin</c> the
/// confirmation waits further, for the consumer reading stdout to write the message's id back on stdin (one line per
/// message, docs/RELIABILITY.md); a closed stdin stops listening, leaving the message unconfirmed. Stops after N messages, or on Ctrl+C/SIGTERM, and
/// logs out cleanly either way (exit 0). With <c>--json</c>: one object per line, <c>"type":"message"</c> with id, from,
/// to, group (the group's name, or null for a 1:1 message), text, sentAt (ISO-8601) and sequence, or
/// <c>"type":"presence"</c> with user, state, status, at and version (each presence change of a server-side contact,
/// once; the contacts' presence right after login). Presence lines don't count towards <c>--count</c>.
/// With <c>--lan</c> no server is involved: it listens to IP Messenger, FeiQ and iptux users on the LAN
/// (<see cref="LanRunner"/>), prints each message once and exits 0 on Ctrl+C/SIGTERM or after <c>--count</c>.
/// </summary>
internal static class ListenCommand
{
    public static Command Create()
    {
        var chat = new ChatOptions();
        var json = new Option<bool>("--json") { Description = "One JSON object per message and line" };
        var count = new Option<int>("--count", "-n") { Description = "Exit after this many messages (default: run until interrupted)" };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--count must not be negative");
            }
        });
        var markRead = new Option<bool>("--mark-read") { Description = "Also report each printed message as read" };
        var confirmStdin = new Option<bool>("--confirm-stdin")
        {
            Description = "Confirm a message only when its id is read back on stdin (one line per message), for a consumer that must store it first",
        };

        var lanMode = new Option<bool>("--lan") { Description = "Listen to IP Messenger, FeiQ and iptux users on the LAN instead (no server, no --user; unencrypted)" };
        var lan = new LanOptions();

        var command = new Command("listen", "Stay logged in and print incoming chat messages.");
        chat.AddTo(command);
        chat.User.Required = false; // required unless --lan (validated below)
        command.Options.Add(lanMode);
        lan.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(lanMode) ? result.GetValue(confirmStdin) : result.GetResult(chat.User) is null)
            {
                result.AddError(result.GetValue(lanMode) ? "--confirm-stdin is not available with --lan" : "Option '--user' is required.");
            }
        });
        command.Options.Add(json);
        command.Options.Add(count);
        command.Options.Add(markRead);
        command.Options.Add(confirmStdin);
        command.SetAction((parse, cancellationToken) =>
        {
            if (parse.GetValue(lanMode))
            {
                var settings = new ListenSettings(parse.GetValue(json), parse.GetValue(count), parse.GetValue(markRead), null);
                return LanRunner.RunAsync("listen", () => lan.Build(parse), anyPortWhenTaken: false, (peer, token) => ListenLanAsync(peer, settings, token), cancellationToken);
            }

            string user = parse.GetRequiredValue(chat.User);
            bool asJson = parse.GetValue(json);
            int limit = parse.GetValue(count);
            bool read = parse.GetValue(markRead);
            TextReader? confirmations = parse.GetValue(confirmStdin) ? Console.In : null;
            return ChatCommandRunner.RunAsync("listen", chat.Target(parse), user, new ChatClientOptions { Device = ChatDevice.ForProgram("listen") }, (client, password, token) =>
                ListenAsync(client, user, password, new ListenSettings(asJson, limit, read, confirmations), token), cancellationToken);
        });
        return command;
    }

    /// <summary>How to print and when to stop; <see cref="Confirmations"/> is stdin with <c>--confirm-stdin</c>.</summary>
    private sealed record ListenSettings(bool AsJson, int Limit, bool MarkRead, TextReader? Confirmations);

    private static async Task<int> ListenAsync(ChatClient client, string user, string password, ListenSettings settings, CancellationToken cancellationToken)
    {
        bool asJson = settings.AsJson;
        // Presence arrives on the client's receive thread, messages here: one lock keeps their lines whole.
        var output = new Lock();
        void Print(string line)
        {
            lock (output)
            {
                Console.Out.WriteLine(line);
                Console.Out.Flush();
            }
        }

        client.PresenceChanged += (_, e) => Print(asJson ? PresenceOutput.ToJson(e.Presence) : ToText(e.Presence));
        await client.LoginAsync(user, password, cancellationToken).ConfigureAwait(false);
        await Console.Error.WriteLineAsync($"listening as {user} on {client.Server} (Ctrl+C to stop)").ConfigureAwait(false);
        int printed = 0;
        int exitCode = ExitCodes.Ok;
        try
        {
            await foreach (IncomingMessage message in client.ReadMessagesAsync(cancellationToken).ConfigureAwait(false))
            {
                Print(asJson ? ToJson(message) : ToText(message)); // written and flushed: only now may it count as delivered
                if (settings.Confirmations is { } confirmations)
                {
                    string? line = await ReadConfirmationAsync(confirmations, cancellationToken).ConfigureAwait(false);
                    if (!(Guid.TryParse(line, out Guid confirmed) && confirmed == message.Id))
                    {
                        // A consumer that went away is a normal end; one that confirms something else is a broken pipeline.
                        string problem = line is null ? "stdin closed before the message was confirmed" : $"expected the confirmation '{message.Id}' on stdin, got '{line}'";
                        await Console.Error.WriteLineAsync($"udpsuite listen: {problem}; message {message.Id} stays undelivered and comes again at the next login").ConfigureAwait(false);
                        exitCode = line is null ? ExitCodes.Ok : ExitCodes.Error;
                        break;
                    }
                }

                client.Confirm(message);
                if (settings.MarkRead)
                {
                    await client.MarkReadAsync(message.Id, CancellationToken.None).ConfigureAwait(false);
                }

                if (settings.Limit > 0 && ++printed >= settings.Limit)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: log out below (what was not confirmed comes again next time).
        }

        await client.LogoutAsync(CancellationToken.None).ConfigureAwait(false);
        return exitCode;
    }

    /// <summary>
    /// <c>--lan</c>: prints each LAN message once (RECVMSG went out as it arrived); with <c>--mark-read</c> answers
    /// READMSG to those that asked for one, after printing.
    /// </summary>
    private static async Task<int> ListenLanAsync(Client.Lan.LanPeer peer, ListenSettings settings, CancellationToken cancellationToken)
    {
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"listening on the LAN (IP Messenger) at udp/{peer.LocalEndpoint.Port}: unencrypted, and names are not verified (Ctrl+C to stop)")).ConfigureAwait(false);
        int printed = 0;
        await foreach (Client.Lan.LanIncomingMessage message in peer.ReadMessagesAsync(cancellationToken).ConfigureAwait(false))
        {
            await Console.Out.WriteLineAsync(settings.AsJson ? ToJson(message) : ToText(message)).ConfigureAwait(false);
            await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (settings.MarkRead)
            {
                await peer.MarkReadAsync(message).ConfigureAwait(false);
            }

            if (settings.Limit > 0 && ++printed >= settings.Limit)
            {
                break;
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// One line of JSON, shaped like a relay message: type "message", network "lan", id, from (the nickname), user,
    /// host, address, group (null), text, sentAt (when it arrived), packet, secret, encrypted (false).
    /// </summary>
    internal static string ToJson(Client.Lan.LanIncomingMessage message) => JsonLine.Write(writer =>
    {
        writer.WriteString("type", "message");
        writer.WriteString("network", "lan");
        writer.WriteString("id", message.Id);
        writer.WriteString("from", message.From.ShownName);
        writer.WriteString("user", message.From.User);
        writer.WriteString("host", message.From.Host);
        writer.WriteString("address", message.Endpoint.ToString());
        writer.WriteNull("group");
        writer.WriteString("text", message.Text);
        writer.WriteString("sentAt", JsonLine.Timestamp(message.ReceivedAt));
        writer.WriteNumber("packet", message.PacketNumber);
        writer.WriteBoolean("secret", message.Secret);
        writer.WriteBoolean("encrypted", false);
    });

    private static string ToText(Client.Lan.LanIncomingMessage message) =>
        string.Create(CultureInfo.InvariantCulture, $"{message.ReceivedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss} [unencrypted LAN] {LanRunner.Describe(message.From)}: {message.Text}");

    /// <summary>The consumer's next confirmation line (trimmed), or null when stdin is closed.</summary>
    private static async Task<string?> ReadConfirmationAsync(TextReader confirmations, CancellationToken cancellationToken)
    {
        // Console.In does not observe cancellation: read on the pool and stop waiting on Ctrl+C (the process then exits).
        string? line = await Task.Run(confirmations.ReadLine, CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
        return line?.Trim();
    }

    /// <summary>One line of JSON: type "message", id, from, to, group (or null), text, sentAt (ISO-8601 UTC), sequence.</summary>
    internal static string ToJson(IncomingMessage message)
    {
        return JsonLine.Write(writer =>
        {
            writer.WriteString("type", "message");
            writer.WriteString("id", message.Id);
            writer.WriteString("from", message.From);
            writer.WriteString("to", message.To);
            if (message.Group is null)
            {
                writer.WriteNull("group");
            }
            else
            {
                writer.WriteString("group", message.Group);
            }

            writer.WriteString("text", message.Text);
            writer.WriteString("sentAt", JsonLine.Timestamp(message.SentAt));
            writer.WriteNumber("sequence", message.ServerSequence);
        });
    }

    private static string ToText(ContactPresence presence) =>
        string.Create(CultureInfo.InvariantCulture, $"{presence.Since.ToLocalTime():yyyy-MM-dd HH:mm:ss} * {PresenceOutput.ToText(presence)}");

    /// <summary>
    /// <c>TIME FROM: TEXT</c> or <c>TIME [GROUP] FROM: TEXT</c> on one line: names and text neutralised
    /// (<see cref="TerminalText"/>), a line break in the text shown as <c>\x0a</c>, so no message can draw on the
    /// reader's terminal or print a line that looks like another sender's message. <c>--json</c> carries the exact text.
    /// </summary>
    internal static string ToText(IncomingMessage message) => message.Group is null
        ? string.Create(CultureInfo.InvariantCulture, $"{message.SentAt.ToLocalTime():yyyy-MM-dd HH:mm:ss} {TerminalText.Neutralise(message.From)}: {TerminalText.Neutralise(message.Text)}")
        : string.Create(CultureInfo.InvariantCulture, $"{message.SentAt.ToLocalTime():yyyy-MM-dd HH:mm:ss} [{TerminalText.Neutralise(message.Group)}] {TerminalText.Neutralise(message.From)}: {TerminalText.Neutralise(message.Text)}");
}
